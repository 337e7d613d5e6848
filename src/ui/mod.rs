//! The screens, in egui only: each draws the supervisor's snapshot and returns what the person
//! asked for. Colours and sizes come from [`theme`], texts from [`i18n`].

mod admin;
pub mod app;
pub mod assist;
mod busy;
mod confirm_end;
pub mod console;
mod goodbye;
mod home;
pub mod i18n;
mod idle_prompt;
mod out_of_service;
pub mod pictogram;
mod pin_pad;
mod question;
mod refocus;
mod save_files;
pub mod session_bar;
mod setup;
mod staff_menu;
pub mod stats_screen;
pub mod stats_window;
pub mod theme;
mod time_warning;
mod welcome;
pub mod widgets;
