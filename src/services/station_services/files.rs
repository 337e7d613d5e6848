//! The person's files and their USB keys, for the save screen.

use std::path::Path;

use crate::domain::{CopyFailure, DriveSummary, FileSummary};
use crate::services::usb;
use crate::supervisor::PersonFiles;

use super::StationServices;

impl PersonFiles for StationServices {
    fn list_files(&mut self) -> Vec<FileSummary> {
        let Some(running) = self.session.as_mut() else {
            return Vec::new();
        };
        if let Some(helper) = self.settings.guest.helper()
            && let Err(error) = helper.share(&running.dir)
        {
            // The files the kiosk can read are still offered.
            log::warn!("{error}");
        }
        running.listed = usb::person_files(&running.dir.home());
        running
            .listed
            .iter()
            .map(|file| FileSummary {
                name: file.name.clone(),
                size_bytes: file.size_bytes,
                kind: file.kind,
            })
            .collect()
    }

    fn drives(&mut self) -> Vec<DriveSummary> {
        usb::removable_drives()
            .into_iter()
            .map(|drive| DriveSummary {
                mount_point: drive.mount_point.display().to_string(),
                label: drive.label,
                free_bytes: drive.free_bytes,
            })
            .collect()
    }

    fn copy_files(
        &mut self,
        mount_point: &str,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<u32, CopyFailure> {
        let Some(running) = self.session.as_ref() else {
            return Err(CopyFailure::Failed { copied: 0 });
        };
        let Some(drive) = usb::removable_drives()
            .into_iter()
            .find(|d| d.mount_point == Path::new(mount_point))
        else {
            return Err(CopyFailure::DriveGone);
        };
        let copied = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match usb::copy_to_drive(&running.listed, &drive, progress) {
            Ok(report) => Ok(copied(report.files_copied)),
            Err(error) => {
                // The message names the key, never a file of the person.
                log::warn!("copy to a USB key failed: {error}");
                Err(match error {
                    usb::UsbError::NotEnoughSpace { needed, free, .. } => {
                        CopyFailure::NotEnoughSpace {
                            needed_bytes: needed,
                            free_bytes: free,
                        }
                    }
                    usb::UsbError::ReadOnly { .. } => CopyFailure::ReadOnly,
                    usb::UsbError::DriveGone { .. } => CopyFailure::DriveGone,
                    usb::UsbError::FileChanged { copied: n, .. }
                    | usb::UsbError::Read { copied: n, .. }
                    | usb::UsbError::Write { copied: n, .. }
                    | usb::UsbError::NoFreeName { copied: n, .. } => {
                        CopyFailure::Failed { copied: copied(n) }
                    }
                })
            }
        }
    }
}
