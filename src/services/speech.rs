//! Reading aloud: Borne's own sentences said by a speech synthesiser that works offline
//! (`espeak-ng`, Debian package `espeak-ng`), for "Écouter" and for the "read the screens
//! aloud" choice of the accessibility menu. One sentence at a time: a new one cuts the last.
//! Only Borne's sentences are said, never what the person typed or a site showed; nothing is
//! written.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::domain::Language;

/// The speech synthesiser of a station.
pub const ESPEAK: &str = "/usr/bin/espeak-ng";

/// Says sentences aloud with a speech program that takes `-v VOICE -- TEXT`.
pub struct Speaker {
    program: PathBuf,
    /// The sentence being said.
    saying: Option<Child>,
    /// Whether a missing program was logged already.
    told_missing: bool,
}

impl Speaker {
    /// A speaker using `program` (`espeak-ng`'s command line).
    #[must_use]
    pub fn new(program: impl Into<PathBuf>) -> Self {
        Self {
            program: program.into(),
            saying: None,
            told_missing: false,
        }
    }

    /// The command that says `text` in `language` (into the WAV file `to_file` if given): a
    /// slow, clear voice.
    #[must_use]
    pub fn command(
        program: &Path,
        text: &str,
        language: Language,
        to_file: Option<&Path>,
    ) -> Command {
        let voice = match language {
            Language::Fr => "fr",
            Language::En => "en",
        };
        let mut command = Command::new(program);
        command.args(["-v", voice, "-s", "140"]);
        if let Some(file) = to_file {
            command.arg("-w").arg(file);
        }
        command
            .arg("--")
            .arg(text)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    /// Says `text`, cutting the sentence still being said; an empty `text` only stops it.
    pub fn say(&mut self, text: &str, language: Language) {
        self.stop();
        if text.trim().is_empty() {
            return;
        }
        match Self::command(&self.program, text, language, None).spawn() {
            Ok(child) => self.saying = Some(child),
            Err(error) => {
                if !self.told_missing {
                    self.told_missing = true;
                    log::warn!(
                        "cannot read aloud with {} ({error}): install espeak-ng",
                        self.program.display()
                    );
                }
            }
        }
    }

    /// Stops the sentence being said, if any, and reaps it.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.saying.take() {
            if matches!(child.try_wait(), Ok(None)) {
                child.kill().ok();
            }
            child.wait().ok();
        }
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_is_said_with_the_screens_voice_and_passed_as_one_argument() {
        let command = Speaker::command(
            Path::new(ESPEAK),
            "-Il vous reste 5 minutes.",
            Language::Fr,
            None,
        );
        let said = ["-v", "fr", "-s", "140", "--", "-Il vous reste 5 minutes."];
        assert!(command.get_args().eq(said.map(std::ffi::OsStr::new)));
    }

    /// The real synthesiser, when installed, turns a French sentence into sound (a WAV file:
    /// a test machine has no loudspeaker).
    #[test]
    fn espeak_ng_says_a_french_sentence() {
        assert!(
            Path::new(ESPEAK).exists(),
            "{ESPEAK} is missing: install espeak-ng (scripts/test does)"
        );
        let wav = std::env::temp_dir().join(format!("borne-speech-{}.wav", std::process::id()));
        let status = Speaker::command(
            Path::new(ESPEAK),
            "Ce poste est à vous.",
            Language::Fr,
            Some(&wav),
        )
        .status()
        .unwrap();
        assert!(status.success());
        let bytes = std::fs::read(&wav).unwrap();
        std::fs::remove_file(&wav).ok();
        assert!(
            bytes.starts_with(b"RIFF") && bytes.len() > 10_000,
            "{} bytes",
            bytes.len()
        );
    }
}
