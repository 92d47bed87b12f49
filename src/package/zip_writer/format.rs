//! The zip format's records as this writer emits them: fixed 1980 timestamps, Unix mode 0644,
//! UTF-8 flag for non-ASCII names, no extra fields (ZIP64 is left to the zip crate).

pub(super) const LOCAL_SIG: u32 = 0x0403_4b50;
pub(super) const CENTRAL_SIG: u32 = 0x0201_4b50;
pub(super) const END_SIG: u32 = 0x0605_4b50;
/// 1980-01-01 00:00:00 in MS-DOS format (the zip crate's `DateTime::default()`).
pub(super) const DOS_TIME: u16 = 0;
pub(super) const DOS_DATE: u16 = (1 << 5) | 1;
pub(super) const METHOD_STORED: u16 = 0;
pub(super) const METHOD_DEFLATED: u16 = 8;

/// One entry as the central directory needs it.
pub(super) struct Central {
    pub name: String,
    pub method: u16,
    pub crc: u32,
    pub compressed: u32,
    pub size: u32,
    pub offset: u32,
}

pub(super) fn u16le(v: &mut Vec<u8>, x: u16) {
    v.extend_from_slice(&x.to_le_bytes());
}

pub(super) fn u32le(v: &mut Vec<u8>, x: u32) {
    v.extend_from_slice(&x.to_le_bytes());
}

fn flags(name: &str) -> u16 {
    if name.is_ascii() { 0 } else { 1 << 11 }
}

fn version_needed(method: u16) -> u16 {
    if method == METHOD_DEFLATED { 20 } else { 10 }
}

pub(super) fn local_header(c: &Central) -> Vec<u8> {
    let mut v = Vec::with_capacity(30 + c.name.len());
    u32le(&mut v, LOCAL_SIG);
    u16le(&mut v, version_needed(c.method));
    u16le(&mut v, flags(&c.name));
    u16le(&mut v, c.method);
    u16le(&mut v, DOS_TIME);
    u16le(&mut v, DOS_DATE);
    u32le(&mut v, c.crc);
    u32le(&mut v, c.compressed);
    u32le(&mut v, c.size);
    u16le(&mut v, c.name.len() as u16);
    u16le(&mut v, 0);
    v.extend_from_slice(c.name.as_bytes());
    v
}

pub(super) fn central_record(v: &mut Vec<u8>, c: &Central) {
    u32le(v, CENTRAL_SIG);
    u16le(v, (3 << 8) | 20); // made by: Unix, zip 2.0
    u16le(v, version_needed(c.method));
    u16le(v, flags(&c.name));
    u16le(v, c.method);
    u16le(v, DOS_TIME);
    u16le(v, DOS_DATE);
    u32le(v, c.crc);
    u32le(v, c.compressed);
    u32le(v, c.size);
    u16le(v, c.name.len() as u16);
    u16le(v, 0); // extra
    u16le(v, 0); // comment
    u16le(v, 0); // disk
    u16le(v, 0); // internal attributes
    u32le(v, 0o100_644 << 16); // regular file, rw-r--r--
    u32le(v, c.offset);
    v.extend_from_slice(c.name.as_bytes());
}

/// The end-of-central-directory record.
pub(super) fn end_record(v: &mut Vec<u8>, entries: u16, dir_len: u32, dir_start: u32) {
    u32le(v, END_SIG);
    u16le(v, 0); // this disk
    u16le(v, 0); // disk with the directory
    u16le(v, entries);
    u16le(v, entries);
    u32le(v, dir_len);
    u32le(v, dir_start);
    u16le(v, 0); // comment length
}
