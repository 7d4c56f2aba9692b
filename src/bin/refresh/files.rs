//! Writing a file so a reader never sees half of it: a temporary file in
//! the same directory, flushed to disk, then renamed over the old one.

use std::io::Write;
use std::path::Path;

use super::error::RefreshError;

/// Replaces `dir/name` with `bytes` atomically.
pub fn write_atomic(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), RefreshError> {
    let target = dir.join(name);
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(RefreshError::io(&target, e));
    }
    Ok(())
}
