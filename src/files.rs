//! Writing a file the way a careful tool does: a whole file or none (a temporary file beside it,
//! `fsync`ed and renamed over it), through a symlink to where it points (a dotfiles-managed
//! `~/.aws/config` stays a symlink), and never renaming over something that is not a file — `-o
//! /dev/null` or a FIFO gets the bytes written into it, not replaced by a regular file.

use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

/// Creates `dir` and its missing parents, readable by the owner alone (0700): key files and the
/// AWS config live under them. Only directories created here get 0700; existing ones are the
/// user's business.
#[cfg(unix)]
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt as _;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    fs::create_dir_all(dir)
}

/// Where writing `path` really lands: the symlink's target, or `path` itself.
#[must_use]
pub fn resolve(path: &Path) -> PathBuf {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()),
        _ => path.to_owned(),
    }
}

/// Whether `path` exists as something other than a regular file (a device, a FIFO, a socket).
#[must_use]
pub fn is_special(path: &Path) -> bool {
    fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// The most a key file may hold: one JSON line of a few hundred bytes, with room to spare.
pub const KEY_FILE_LIMIT: u64 = 64 * 1024;

/// The most a config or policy file may hold: IAM documents are at most 10 KiB and AWS config files
/// a few KiB; anything past this is not one (`/dev/zero`, a log file named by mistake).
pub const TEXT_FILE_LIMIT: u64 = 4 * 1024 * 1024;

/// Reads the regular file at `path`, at most `limit` bytes. It is opened without blocking, so a
/// FIFO (which would wait for a writer), a device (`/dev/zero` never ends) or a directory is refused
/// at once with what it is, and a file longer than `limit` is refused rather than read into memory.
pub fn read_limited(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, nix::fcntl::OFlag::O_NONBLOCK.bits());
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("it is {}, not a regular file", kind(&meta))));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(io::ErrorKind::InvalidData, format!("it is larger than {}", size(limit))));
    }
    Ok(bytes)
}

/// [`read_limited`] of UTF-8 text.
pub fn read_text_limited(path: &Path, limit: u64) -> io::Result<String> {
    String::from_utf8(read_limited(path, limit)?)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}

/// Whether `path` names something other than a regular file (or nothing): what [`read_limited`]
/// would refuse, checked without opening it. `Err` says what it is.
pub fn check_regular(path: &Path, limit: u64) -> Result<(), String> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(format!("it is {}, not a regular file", kind(&meta))),
        Ok(meta) if meta.len() > limit => Err(format!("it is larger than {}", size(limit))),
        _ => Ok(()),
    }
}

fn kind(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a directory";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "a special file"
}

fn size(limit: u64) -> String {
    if limit >= 1024 * 1024 { format!("{} MiB", limit / (1024 * 1024)) } else { format!("{} KiB", limit / 1024) }
}

/// Writes `contents` to `path` as a whole. A new file is created 0600, then given `mode` if one is
/// asked for (an existing file's mode, say). A device or FIFO is written into directly.
pub fn write_atomically(path: &Path, contents: &[u8], mode: Option<u32>) -> io::Result<()> {
    let path = resolve(path);
    if is_special(&path) {
        return fs::OpenOptions::new().write(true).open(&path)?.write_all(contents);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".pixelshift-aws-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600));
    let mut temp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        temp.as_file().set_permissions(std::os::unix::fs::PermissionsExt::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(&path).map_err(|err| err.error)?;
    #[cfg(unix)]
    if let Ok(dir) = fs::File::open(dir) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_into_and_a_symlink_stays_a_symlink() {
        write_atomically(Path::new("/dev/null"), b"discarded", None).unwrap();
        let meta = fs::metadata("/dev/null").unwrap();
        assert!(std::os::unix::fs::FileTypeExt::is_char_device(&meta.file_type()), "/dev/null is still a device");

        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        let link = dir.path().join("link");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_atomically(&link, b"new", None).unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reads_refuse_what_is_not_a_bounded_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).unwrap();
        let err = read_limited(&fifo, KEY_FILE_LIMIT).unwrap_err();
        assert_eq!(err.to_string(), "it is a FIFO (named pipe), not a regular file");
        assert_eq!(
            read_limited(Path::new("/dev/zero"), 10).unwrap_err().to_string(),
            "it is a device, not a regular file"
        );
        assert_eq!(read_limited(dir.path(), 10).unwrap_err().to_string(), "it is a directory, not a regular file");
        let big = dir.path().join("big");
        fs::write(&big, vec![b'x'; 2049]).unwrap();
        assert_eq!(read_limited(&big, 2048).unwrap_err().to_string(), "it is larger than 2 KiB");
        assert_eq!(read_limited(&big, 4096).unwrap().len(), 2049);
        assert_eq!(check_regular(&fifo, 10), Err("it is a FIFO (named pipe), not a regular file".to_owned()));
        assert_eq!(check_regular(&dir.path().join("missing"), 10), Ok(()));
    }
}
