//! `borne set-pin admin|volunteer`: sets a staff PIN from a terminal, typed twice without echo.
//!
//! The terminal part is thin (turn echo off, put it back whatever happens); the dialogue is
//! [`set_pin_with`], over any `BufRead`/`Write`, so tests drive it with plain buffers. Standard
//! input that is not a terminal (a pipe from an installer script) is read as it is, two lines.

use std::io::{self, BufRead, IsTerminal as _, Write};
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;

use nix::sys::termios::{LocalFlags, SetArg, Termios, tcgetattr, tcsetattr};

use super::secrets::{SecretStore, SecretsError};
use crate::domain::pin::{MAX_PIN_DIGITS, MIN_PIN_DIGITS, PinRuleError, Role};

/// How many times the person may get the PIN wrong (a rule, or two different entries) before
/// the command gives up.
pub const ATTEMPTS: usize = 3;

/// Why the PIN was not set. No message holds the PIN.
#[derive(Debug, thiserror::Error)]
pub enum SetPinError {
    /// The terminal could not be read, written or switched to no-echo.
    #[error("cannot use the terminal: {0}")]
    Terminal(#[source] io::Error),
    /// Standard input ended before a PIN was typed twice.
    #[error("no PIN was given: the input ended")]
    NoInput,
    /// The two entries differed, [`ATTEMPTS`] times in a row.
    #[error("the two entries of the PIN differ")]
    Mismatch,
    /// The secrets file refused: damaged, unsafe, or the PIN broke a rule [`ATTEMPTS`] times.
    #[error(transparent)]
    Store(#[from] SecretsError),
}

/// Sets `role`'s PIN in the secrets file at `store_path`, reading it twice from standard input
/// with echo off when it is a terminal. Prompts go to standard error. Clears the wrong-PIN
/// back-off: whoever has a shell as the kiosk user is staff.
pub fn set_pin_from_terminal(store_path: &Path, role: Role) -> Result<(), SetPinError> {
    // Open first: a damaged file is reported before anyone types a PIN.
    let mut store = SecretStore::open(store_path)?;
    let stdin = io::stdin();
    let _echo = EchoOff::new(stdin.as_fd()).map_err(SetPinError::Terminal)?;
    set_pin_with(&mut store, role, &mut stdin.lock(), &mut io::stderr())?;
    store.clear_lockout()?;
    Ok(())
}

/// The dialogue of `borne set-pin`: asks for the PIN, checks the rules, asks again, and sets it
/// in `store`. A broken rule or a mismatch is said and asked again, up to [`ATTEMPTS`] times.
pub fn set_pin_with(
    store: &mut SecretStore,
    role: Role,
    input: &mut impl BufRead,
    prompts: &mut impl Write,
) -> Result<(), SetPinError> {
    let mut last_error = SetPinError::Mismatch;
    for _ in 0..ATTEMPTS {
        let pin = ask(input, prompts, &first_prompt(role))?;
        if let Err(rule) = crate::domain::pin::validate_new_pin(&pin) {
            say(prompts, &rule_message(rule))?;
            last_error = SecretsError::Rule(rule).into();
            continue;
        }
        let again = ask(input, prompts, "Encore une fois / Again: ")?;
        if again != pin {
            say(
                prompts,
                "Les deux saisies sont différentes. / The two entries differ.",
            )?;
            last_error = SetPinError::Mismatch;
            continue;
        }
        match store.set_pin(role, &pin) {
            Ok(()) => {
                say(prompts, &done_message(role))?;
                return Ok(());
            }
            Err(SecretsError::Rule(rule)) => {
                say(prompts, &rule_message(rule))?;
                last_error = SecretsError::Rule(rule).into();
            }
            Err(error) => return Err(error.into()),
        }
    }
    Err(last_error)
}

fn first_prompt(role: Role) -> String {
    let (fr, en) = role_names(role);
    format!(
        "Nouveau code PIN {fr} ({MIN_PIN_DIGITS} à {MAX_PIN_DIGITS} chiffres) / \
         New {en} PIN ({MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits): "
    )
}

fn done_message(role: Role) -> String {
    let (fr, en) = role_names(role);
    format!("Code PIN {fr} enregistré. / {en} PIN saved.")
}

fn role_names(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Admin => ("administrateur", "admin"),
        Role::Volunteer => ("bénévole", "volunteer"),
    }
}

fn rule_message(rule: PinRuleError) -> String {
    let fr = match rule {
        PinRuleError::TooShort => format!("Il faut au moins {MIN_PIN_DIGITS} chiffres."),
        PinRuleError::TooLong => format!("Il faut au plus {MAX_PIN_DIGITS} chiffres."),
        PinRuleError::NotDigits => "Seulement des chiffres, de 0 à 9.".to_owned(),
        PinRuleError::AllSame => "Pas le même chiffre répété.".to_owned(),
        PinRuleError::Sequence => "Pas une suite de chiffres (123456, 654321).".to_owned(),
        PinRuleError::SameForBothRoles => {
            "Le code administrateur et le code bénévole doivent être différents.".to_owned()
        }
    };
    format!("{fr} / {rule}.")
}

/// Prompts, reads one line and returns it without its line end.
fn ask(
    input: &mut impl BufRead,
    prompts: &mut impl Write,
    prompt: &str,
) -> Result<String, SetPinError> {
    prompts
        .write_all(prompt.as_bytes())
        .and_then(|()| prompts.flush())
        .map_err(SetPinError::Terminal)?;
    let mut line = String::new();
    let read = input.read_line(&mut line).map_err(SetPinError::Terminal)?;
    // Echo is off, so the Enter key did not move the cursor.
    prompts.write_all(b"\n").map_err(SetPinError::Terminal)?;
    if read == 0 {
        return Err(SetPinError::NoInput);
    }
    let pin = line.strip_suffix('\n').map_or(line.as_str(), |rest| {
        rest.strip_suffix('\r').unwrap_or(rest)
    });
    Ok(pin.to_owned())
}

fn say(prompts: &mut impl Write, line: &str) -> Result<(), SetPinError> {
    writeln!(prompts, "{line}").map_err(SetPinError::Terminal)
}

/// Echo turned off on a terminal for as long as this lives; the saved settings are put back on
/// drop, whatever happened in between (an error, a panic). Ctrl+C kills the process without
/// running it: the shell's own line editor restores the terminal, `stty sane` does otherwise.
struct EchoOff<'fd> {
    fd: BorrowedFd<'fd>,
    saved: Termios,
}

impl<'fd> EchoOff<'fd> {
    /// Turns echo off on `fd` if it is a terminal; `None` (nothing to restore) if not.
    fn new(fd: BorrowedFd<'fd>) -> io::Result<Option<Self>> {
        if !fd.is_terminal() {
            return Ok(None);
        }
        let saved = tcgetattr(fd)?;
        let mut quiet = saved.clone();
        quiet.local_flags.remove(LocalFlags::ECHO);
        // TCSAFLUSH: whatever was typed before the prompt is dropped, not read as the PIN.
        tcsetattr(fd, SetArg::TCSAFLUSH, &quiet)?;
        Ok(Some(Self { fd, saved }))
    }
}

impl Drop for EchoOff<'_> {
    fn drop(&mut self) {
        // Nothing better to do if the terminal went away; the error that got us here (if any)
        // is the one worth reporting.
        tcsetattr(self.fd, SetArg::TCSANOW, &self.saved).ok();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_loses_its_line_end_only() {
        let mut prompts = Vec::new();
        for (typed, pin) in [
            ("135790\n", "135790"),
            ("135790\r\n", "135790"),
            ("135790", "135790"),
            (" 135790 \n", " 135790 "),
        ] {
            let got = ask(&mut typed.as_bytes(), &mut prompts, "? ").unwrap();
            assert_eq!(got, pin);
        }
        assert!(matches!(
            ask(&mut "".as_bytes(), &mut prompts, "? "),
            Err(SetPinError::NoInput)
        ));
    }

    #[test]
    fn every_rule_has_a_french_message() {
        for rule in PinRuleError::ALL {
            let message = rule_message(rule);
            assert!(message.contains(" / "), "{message}");
        }
    }

    #[test]
    fn echo_is_put_back_after_use() {
        // In `cargo test`, stdin is not a terminal when run by CI; when it is, echo is turned
        // off and back on, which is also fine. Either way nothing is left changed.
        let stdin = io::stdin();
        let before = tcgetattr(stdin.as_fd()).ok().map(|t| t.local_flags);
        drop(EchoOff::new(stdin.as_fd()).unwrap());
        let after = tcgetattr(stdin.as_fd()).ok().map(|t| t.local_flags);
        assert_eq!(before, after);
    }
}
