//! Reading an answer of Borne's own servers (a station's API for the antenna console, the
//! network's hub): its status and its text, never more than 64 KiB.

/// The most an answer may hold.
pub const MAX_ANSWER_BYTES: u64 = 64 * 1024;

/// The status and the text of `response`.
///
/// # Errors
/// The body could not be read, was not UTF-8 or was larger than [`MAX_ANSWER_BYTES`].
pub fn read(response: &mut ureq::http::Response<ureq::Body>) -> Result<(u16, String), ureq::Error> {
    let status = response.status().as_u16();
    let text = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_string()?;
    Ok((status, text))
}
