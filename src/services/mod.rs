//! I/O adapters that the supervisor drives: the desktop (X11), the browser, the session directory
//! and the processes of a session.

pub mod aids;
pub mod answer;
pub mod atomic;
pub mod browser;
pub mod guest;
pub mod interruption;
pub mod locales;
pub mod policy;
pub mod printing;
pub mod processes;
pub mod sandbox;
pub mod secrets;
pub mod session_bus;
pub mod session_dir;
pub mod set_pin;
pub mod settings_store;
pub mod speech;
pub mod staff_store;
pub mod station_root;
pub mod station_services;
pub mod systemd;
pub mod usage_log;
pub mod usb;
pub mod wipe;
pub mod x11;
