//! Builds the library the sandboxed browser prints through (`src/services/cups-blocking.c`,
//! which says why), embedded in `borne` (`sandbox::CUPS_BLOCKING`).

use std::path::PathBuf;
use std::process::ExitCode;

const SOURCE: &str = "src/services/cups-blocking.c";

fn main() -> ExitCode {
    println!("cargo::rerun-if-changed={SOURCE}");
    let Some(out) = std::env::var_os("OUT_DIR").map(PathBuf::from) else {
        eprintln!("build.rs: cargo did not set OUT_DIR");
        return ExitCode::FAILURE;
    };
    let library = out.join("libborne-cups-blocking.so");
    let compiler = cc::Build::new().get_compiler();
    let status = compiler
        .to_command()
        .args(["-shared", "-fPIC", "-O2", "-Wall", "-Wextra", "-o"])
        .arg(&library)
        .arg(SOURCE)
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("build.rs: the C compiler failed on {SOURCE} ({status})");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!(
                "build.rs: cannot run the C compiler {:?}: {e} (apt install gcc)",
                compiler.path()
            );
            ExitCode::FAILURE
        }
    }
}
