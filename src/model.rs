//! The course as plain data: what `source` produces and every later stage reads.
//! No I/O and no rendering here; positions live in `source::SourceMap`, not in the model.

use std::path::PathBuf;
use std::sync::Arc;

/// A whole course, validated and ordered.
#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub language: String,
    pub version: String,
    pub description: Option<String>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub completion: Completion,
    pub sco_layout: ScoLayout,
    /// `[scorm] time_limit`: how long the whole course may take, enforced by the LMS.
    pub time_limit: Option<CourseTimeLimit>,
    /// `[theme]`: logo, colours (contrast checked), font, radius, and whether the course has a `theme.css`.
    pub theme: crate::theme::Theme,
    /// `[strings]`: the course's overrides of the player's UI strings.
    pub strings: std::collections::BTreeMap<String, String>,
    pub sections: Vec<Section>,
    /// The course folder on disk; media paths are relative to it.
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Completion {
    pub rule: CompletionRule,
    pub mastery_score: u8,
    pub reporting: ReportingMode,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionRule {
    AllPages,
    AssessmentPassed,
    Both,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportingMode {
    PassedIncomplete,
    PassedFailed,
    CompletedIncomplete,
    CompletedFailed,
}

/// The whole course's time limit and what the LMS does when it is used up (SCORM 1.2 `timelimitaction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CourseTimeLimit {
    pub seconds: u32,
    pub action: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScoLayout {
    Single,
    PerSection,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub pages: Vec<Page>,
}

/// One page of the course: Markdown content or a quiz.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: String,
    pub title: String,
    /// Source file, relative to the course root (`/`-separated).
    pub file: String,
    pub body: PageBody,
}

#[derive(Debug, Clone)]
pub enum PageBody {
    /// Markdown text and its byte offset in `file` (after the front matter).
    Markdown {
        text: SharedText,
        offset: usize,
    },
    Quiz(Quiz),
}

#[derive(Debug, Clone)]
pub struct Quiz {
    pub kind: QuizKind,
    pub intro: Option<String>,
    pub shuffle: bool,
    pub seed: u64,
    pub pass_score: Option<u8>,
    /// When the player shows the correct answers after a submission.
    pub reveal: Reveal,
    /// Whether feedback comes for the whole quiz or question by question.
    pub feedback: FeedbackMode,
    /// How many attempts a learner has (`None`: unlimited); after the last one the result stands.
    pub max_attempts: Option<u8>,
    /// Which attempt's score is reported to the LMS.
    pub score_policy: ScorePolicy,
    /// Which questions an attempt shows, and in what order.
    pub bank: Bank,
    /// Seconds an attempt may take (`time_limit`, assessments only); `None`: no limit.
    pub time_limit: Option<u32>,
    pub questions: Vec<Question>,
}

/// How the player picks an attempt's questions (`draw`, `[[groups]]`, `shuffle_questions`, `shuffle_choices`):
/// per attempt, from a seed kept in the learner state, so a resumed attempt shows the same questions.
#[derive(Debug, Clone, Default)]
pub struct Bank {
    /// The groups questions are drawn from; empty: every question in every attempt.
    pub groups: Vec<QuestionGroup>,
    pub shuffle_questions: bool,
    pub shuffle_choices: bool,
}

/// Questions (indices into `Quiz::questions`) of which an attempt shows `draw`.
#[derive(Debug, Clone)]
pub struct QuestionGroup {
    pub id: String,
    pub draw: usize,
    pub questions: Vec<usize>,
}

impl Bank {
    /// Whether attempts can differ (the player then keeps a seed per attempt).
    pub fn randomised(&self) -> bool {
        !self.groups.is_empty() || self.shuffle_questions || self.shuffle_choices
    }

    /// The questions of one attempt: the draws of every group, or all `total` questions.
    pub fn drawn(&self, total: usize) -> usize {
        if self.groups.is_empty() {
            total
        } else {
            self.groups.iter().map(|g| g.draw).sum()
        }
    }
}

/// When the correct answers are shown (`reveal` in a quiz file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reveal {
    Never,
    /// Once an attempt has passed (a knowledge check, which has no pass mark, passes when checked).
    AfterPass,
    /// Once an attempt has passed or the last attempt (`max_attempts`) is used.
    AfterLastAttempt,
    Always,
}

/// Which attempt's score the LMS gets (`score_policy` in a quiz file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScorePolicy {
    /// The highest score of all attempts.
    #[default]
    Best,
    /// The score of the latest attempt.
    Last,
}

/// How a quiz gives feedback (`feedback` in a quiz file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackMode {
    /// One "check" button for the whole quiz.
    PerQuiz,
    /// A "check" button per question (knowledge checks only).
    PerQuestion,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizKind {
    KnowledgeCheck,
    Assessment,
}

#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub prompt: String,
    pub weight: u32,
    pub feedback: Feedback,
    pub kind: QuestionKind,
}

#[derive(Debug, Clone, Default)]
pub struct Feedback {
    pub correct: Option<String>,
    pub incorrect: Option<String>,
}

#[derive(Debug, Clone)]
pub enum QuestionKind {
    SingleChoice(Vec<Choice>),
    MultipleChoice(Vec<Choice>),
    TrueFalse(bool),
    FillIn {
        answers: Vec<String>,
        case_sensitive: bool,
        ignore_accents: bool,
        /// Wrong answers that get their own feedback.
        near_misses: Vec<NearMiss>,
        max_length: u16,
    },
    Numeric(NumericAnswer),
    Matching(Vec<Pair>),
    Sequencing(Vec<Step>),
}

/// A wrong fill-in answer (or several spellings of it) that gets its own feedback.
#[derive(Debug, Clone)]
pub struct NearMiss {
    pub answers: Vec<String>,
    pub feedback: String,
}

/// A numeric question: correct when the typed number lies in `min..=max` (a missing bound is open).
#[derive(Debug, Clone)]
pub struct NumericAnswer {
    /// The value the author gave (`answer`), when the range came from `answer` and `tolerance`.
    pub answer: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Units the learner may write with the number; `None`: the percent sign and words.
    pub units: Option<Vec<String>>,
    pub max_length: u16,
}

#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub text: String,
    pub correct: bool,
    pub feedback: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Pair {
    pub id: String,
    pub source: String,
    pub target: String,
}

#[derive(Debug, Clone)]
pub struct Step {
    pub id: String,
    pub text: String,
}

impl Course {
    /// The player's UI strings for this course: its language's, with `[strings]` over them.
    pub fn ui_strings(&self) -> crate::i18n::Strings {
        crate::i18n::Strings::for_course(&self.language, &self.strings).0
    }

    /// Every page in course order, with its section.
    pub fn pages(&self) -> impl Iterator<Item = (&Section, &Page)> {
        self.sections.iter().flat_map(|s| s.pages.iter().map(move |p| (s, p)))
    }
}

impl Page {
    pub fn quiz(&self) -> Option<&Quiz> {
        match &self.body {
            PageBody::Quiz(q) => Some(q),
            PageBody::Markdown { .. } => None,
        }
    }
}

impl CompletionRule {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AllPages => "all-pages",
            Self::AssessmentPassed => "assessment-passed",
            Self::Both => "both",
        }
    }
}

impl ReportingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::PassedIncomplete => "passed-incomplete",
            Self::PassedFailed => "passed-failed",
            Self::CompletedIncomplete => "completed-incomplete",
            Self::CompletedFailed => "completed-failed",
        }
    }
}

impl Reveal {
    /// The value names, as written in a quiz file and read by the player.
    pub const NAMES: [&'static str; 4] = ["never", "after-pass", "after-last-attempt", "always"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "never" => Some(Self::Never),
            "after-pass" => Some(Self::AfterPass),
            "after-last-attempt" => Some(Self::AfterLastAttempt),
            "always" => Some(Self::Always),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::AfterPass => "after-pass",
            Self::AfterLastAttempt => "after-last-attempt",
            Self::Always => "always",
        }
    }

    /// A knowledge check shows its answers once checked; an assessment only after a pass.
    pub fn default_for(kind: QuizKind) -> Self {
        match kind {
            QuizKind::KnowledgeCheck => Self::Always,
            QuizKind::Assessment => Self::AfterPass,
        }
    }
}

impl ScorePolicy {
    pub const NAMES: [&'static str; 2] = ["best", "last"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "best" => Some(Self::Best),
            "last" => Some(Self::Last),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Best => "best",
            Self::Last => "last",
        }
    }
}

impl FeedbackMode {
    pub const NAMES: [&'static str; 2] = ["per-quiz", "per-question"];

    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "per-quiz" => Some(Self::PerQuiz),
            "per-question" => Some(Self::PerQuestion),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::PerQuiz => "per-quiz",
            Self::PerQuestion => "per-question",
        }
    }
}

impl QuestionKind {
    /// The name used in the source format and the player.
    pub fn type_name(&self) -> &'static str {
        match self {
            Self::SingleChoice(_) => "single-choice",
            Self::MultipleChoice(_) => "multiple-choice",
            Self::TrueFalse(_) => "true-false",
            Self::FillIn { .. } => "fill-in",
            Self::Numeric(_) => "numeric",
            Self::Matching(_) => "matching",
            Self::Sequencing(_) => "sequencing",
        }
    }
}

/// The tail of a source file from a byte offset, shared with the loaded sources rather than copied
/// (a large course's Markdown is held once in memory).
#[derive(Debug, Clone)]
pub struct SharedText {
    file: Arc<str>,
    start: usize,
}

impl SharedText {
    /// `file[start..]`; `start` must be on a character boundary (it is clamped to the end).
    pub fn new(file: Arc<str>, start: usize) -> Self {
        let start = if file.is_char_boundary(start) {
            start
        } else {
            file.len()
        };
        Self { file, start }
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        Self::new(text.into(), 0)
    }
}

impl std::ops::Deref for SharedText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.file[self.start..]
    }
}
