//! A synthetic course generator for benchmarks and tests: a valid course folder of a given size,
//! deterministic for a seed, with quizzes, images and videos whose bytes are incompressible (like
//! real media), and a `SUMMARY.md` + `book.toml` so mdBook can build the same Markdown.
//!
//! Run it with `cargo run --release --example gen_course -- <small|medium|large> <out-dir> [seed]`.

use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// How big a course to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    pub name: &'static str,
    /// Pages, quizzes included.
    pub pages: usize,
    pub images: usize,
    /// Image sizes are spread over this range (bytes).
    pub image_bytes: (u64, u64),
    pub videos: usize,
    /// Video sizes are spread over this range (bytes).
    pub video_bytes: (u64, u64),
    /// Approximate Markdown size of a content page (bytes).
    pub page_bytes: usize,
    pub pages_per_section: usize,
}

const KB: u64 = 1024;
const MB: u64 = 1024 * 1024;

/// 50 pages, 20 images, no video (a few MB: fine for a test).
pub const SMALL: Preset = Preset {
    name: "small",
    pages: 50,
    images: 20,
    image_bytes: (50 * KB, 300 * KB),
    videos: 0,
    video_bytes: (0, 0),
    page_bytes: 10 * 1024,
    pages_per_section: 10,
};

/// 500 pages, 300 images, 2 videos (~270 MB).
pub const MEDIUM: Preset = Preset {
    name: "medium",
    pages: 500,
    images: 300,
    image_bytes: (50 * KB, 300 * KB),
    videos: 2,
    video_bytes: (100 * MB, 110 * MB),
    page_bytes: 10 * 1024,
    pages_per_section: 50,
};

/// 2,000 pages of ~10 KB Markdown, 1,000 images of 50–300 KB, 10 videos of 20–100 MB... the
/// videos are sized towards the top of that range (~1.2 GB in all).
pub const LARGE: Preset = Preset {
    name: "large",
    pages: 2000,
    images: 1000,
    image_bytes: (50 * KB, 300 * KB),
    videos: 10,
    video_bytes: (80 * MB, 100 * MB),
    page_bytes: 10 * 1024,
    pages_per_section: 50,
};

pub const PRESETS: &[Preset] = &[SMALL, MEDIUM, LARGE];

pub fn preset(name: &str) -> Option<Preset> {
    PRESETS.iter().copied().find(|p| p.name == name)
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub files: usize,
    pub bytes: u64,
    pub pages: usize,
}

/// xorshift64*: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn between(&mut self, (lo, hi): (u64, u64)) -> u64 {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }
}

const WORDS: &[&str] = &[
    "samenwerking",
    "duurzaam",
    "bedrijf",
    "partner",
    "netwerk",
    "innovatie",
    "cluster",
    "ecosysteem",
    "energie",
    "klimaat",
    "project",
    "kennis",
    "middelen",
    "afspraken",
    "resultaat",
    "strategie",
    "keten",
    "leverancier",
    "klant",
    "waarde",
    "the",
    "and",
    "of",
    "a",
    "to",
    "in",
    "is",
    "that",
    "for",
    "with",
    "as",
    "on",
    "by",
    "we",
    "learning",
    "course",
    "practice",
    "example",
    "team",
    "goal",
    "impact",
    "circular",
    "material",
    "water",
    "region",
    "policy",
    "market",
    "design",
    "sprint",
    "prototype",
    "test",
    "idea",
    "value",
    "chain",
    "trust",
    "shared",
];

fn sentence(rng: &mut Rng, out: &mut String) {
    let n = 6 + rng.below(14) as usize;
    for i in 0..n {
        let w = WORDS[rng.below(WORDS.len() as u64) as usize];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                out.extend(f.to_uppercase());
                out.push_str(c.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(w);
        }
    }
    out.push_str(". ");
}

fn paragraph(rng: &mut Rng, out: &mut String) {
    for _ in 0..3 + rng.below(4) {
        sentence(rng, out);
    }
    out.push_str("\n\n");
}

/// Writes `len` incompressible bytes.
fn write_noise(path: &Path, len: u64, rng: &mut Rng) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 20, File::create(path)?);
    let mut left = len;
    let mut block = [0u8; 8 * 1024];
    while left > 0 {
        for c in block.chunks_exact_mut(8) {
            c.copy_from_slice(&rng.next().to_le_bytes());
        }
        let n = left.min(block.len() as u64) as usize;
        w.write_all(&block[..n])?;
        left -= n as u64;
    }
    w.flush()
}

/// Writes the course for `preset` into `dir` (created; must not hold another course).
pub fn generate(preset: Preset, dir: &Path, seed: u64) -> io::Result<Generated> {
    let mut rng = Rng::new(seed);
    let mut made = Generated::default();
    let put = |path: &Path, text: &str, made: &mut Generated| -> io::Result<()> {
        fs::write(path, text)?;
        made.files += 1;
        made.bytes += text.len() as u64;
        Ok(())
    };
    fs::create_dir_all(dir.join("media"))?;
    let course = format!(
        "id = \"https://example.org/courses/synthetic/{name}\"\ntitle = \"Synthetic course ({name})\"\n\
         language = \"en\"\nversion = \"1.0.0\"\ndescription = \"Generated by coursepack's synth module, seed {seed}.\"\n\n\
         [completion]\nrule = \"all-pages\"\nreporting = \"completed-incomplete\"\n\n[scorm]\nsco_layout = \"per-section\"\n",
        name = preset.name
    );
    put(&dir.join("course.toml"), &course, &mut made)?;

    // Media first, so pages can refer to them.
    let mut images = Vec::new();
    for i in 0..preset.images {
        let name = format!("image-{i:04}.png");
        let len = rng.between(preset.image_bytes);
        write_noise(&dir.join("media").join(&name), len, &mut rng)?;
        made.files += 1;
        made.bytes += len;
        images.push(name);
    }
    let mut videos = Vec::new();
    for i in 0..preset.videos {
        let name = format!("video-{i:02}");
        let len = rng.between(preset.video_bytes);
        write_noise(&dir.join("media").join(format!("{name}.mp4")), len, &mut rng)?;
        let vtt = format!(
            "WEBVTT\n\n00:00.000 --> 00:05.000\nVideo {i}, first caption.\n\n00:05.000 --> 00:10.000\nSecond caption.\n"
        );
        put(&dir.join("media").join(format!("{name}.vtt")), &vtt, &mut made)?;
        made.files += 1;
        made.bytes += len;
        videos.push(name);
    }

    let sections = preset.pages.div_ceil(preset.pages_per_section);
    let mut summary = String::from("# Summary\n\n");
    let mut page_no = 0usize;
    for s in 0..sections {
        let sdir_name = format!("{:02}-section-{}", s + 1, s + 1);
        let sdir = dir.join(&sdir_name);
        fs::create_dir_all(&sdir)?;
        put(
            &sdir.join("section.toml"),
            &format!("title = \"Section {}\"\n", s + 1),
            &mut made,
        )?;
        let count = preset.pages_per_section.min(preset.pages - page_no);
        for p in 0..count {
            let is_quiz = p + 1 == count && count > 1;
            let id = format!("s{}-p{}", s + 1, p + 1);
            if is_quiz {
                let kind = if s == 0 { "assessment" } else { "knowledge-check" };
                let file = format!("{:02}-{id}.quiz.toml", p + 1);
                put(&sdir.join(&file), &quiz(&mut rng, s + 1, kind), &mut made)?;
            } else {
                let file = format!("{:02}-{id}.md", p + 1);
                let mut text = format!("+++\ntitle = \"Page {} of section {}\"\n+++\n\n", p + 1, s + 1);
                text.push_str("Introduction. ");
                paragraph(&mut rng, &mut text);
                // Spread images and videos over the content pages, each used once.
                let content_index = page_no - s;
                if let Some(img) = images.get(content_index) {
                    let _ = writeln!(
                        text,
                        "![Figure {content_index}: a generated diagram](../media/{img} \"Figure {content_index}\")\n"
                    );
                }
                if let Some(extra) = images.get(content_index + preset.pages - sections)
                    && preset.images > preset.pages - sections
                {
                    let _ = writeln!(text, "![Another generated figure](../media/{extra})\n");
                }
                let per_video = (preset.pages / preset.videos.max(1)).max(1);
                if content_index % per_video == 3
                    && let Some(v) = videos.get(content_index / per_video)
                {
                    let _ = writeln!(
                        text,
                        "::: video \"Video {v}\" src=\"../media/{v}.mp4\" captions=\"../media/{v}.vtt\"\nA generated video; this is its transcript.\n:::\n"
                    );
                }
                let mut h = 0;
                while text.len() < preset.page_bytes {
                    if text.len() > h * 2500 + 1200 {
                        h += 1;
                        let _ = writeln!(text, "## Heading {h}\n");
                        if h % 2 == 0 {
                            for _ in 0..4 {
                                text.push_str("- ");
                                sentence(&mut rng, &mut text);
                                text.push('\n');
                            }
                            text.push('\n');
                        }
                    }
                    paragraph(&mut rng, &mut text);
                }
                put(&sdir.join(&file), &text, &mut made)?;
                let _ = writeln!(summary, "- [Page {} of section {}]({sdir_name}/{file})", p + 1, s + 1);
            }
            page_no += 1;
        }
    }
    made.pages = page_no;
    put(&dir.join("SUMMARY.md"), &summary, &mut made)?;
    put(
        &dir.join("book.toml"),
        "[book]\ntitle = \"Synthetic course\"\nsrc = \".\"\n",
        &mut made,
    )?;
    Ok(made)
}

fn quiz(rng: &mut Rng, section: usize, kind: &str) -> String {
    let mut q = format!("title = \"Check, section {section}\"\nkind = \"{kind}\"\nshuffle = false\n");
    for i in 0..4 {
        let right = rng.below(3);
        let _ = write!(
            q,
            "\n[[questions]]\nid = \"q{i}\"\ntype = \"single-choice\"\nprompt = \"Question {i} of section {section}?\"\nchoices = [\n"
        );
        for c in 0..3 {
            let mark = if c == right { ", correct = true" } else { "" };
            let _ = writeln!(
                q,
                "  {{ id = \"{}\", text = \"Answer {c}\"{mark} }},",
                (b'a' + c as u8) as char
            );
        }
        q.push_str("]\n");
    }
    q.push_str("\n[[questions]]\nid = \"tf\"\ntype = \"true-false\"\nprompt = \"Generated courses are deterministic.\"\nanswer = true\n");
    q
}
