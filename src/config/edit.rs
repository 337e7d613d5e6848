//! Changes made from the admin screens, written back into `borne.toml` with its comments and
//! layout kept (toml_edit), validated by the same rules as the file itself.
