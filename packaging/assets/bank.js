/* coursepack question banks (pure): an attempt's questions and choice order follow from its seed alone, so the
   learner state keeps the seed, not the draw (course-src/README.md "Question banks", packaging/CONTRACT.md). */
(function () {
'use strict';

function rng(seed) { // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffled(list, rnd) {
  const a = list.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
const textHash = (s) => { let h = 2166136261; for (const c of s) h = Math.imul(h ^ c.codePointAt(0), 16777619); return h >>> 0; };
const randomised = (quiz) => !!((quiz.groups && quiz.groups.length) || quiz.shuffleQuestions || quiz.shuffleChoices);
/** The question indices of the attempt with `seed`, in the order shown: each group's draw, or every question. */
function drawQuestions(quiz, seed) {
  const qs = quiz.questions || [], rnd = rng(seed);
  const picked = quiz.groups && quiz.groups.length
    ? [].concat(...quiz.groups.map((g) => shuffled(g.questions, rnd).slice(0, g.draw))).sort((a, b) => a - b)
    : qs.map((_, k) => k);
  return quiz.shuffleQuestions ? shuffled(picked, rnd) : picked;
}
/** The choice ids of question `q` in the order of the attempt with `seed`. */
const choiceOrder = (quiz, q, seed) =>
  (quiz.shuffleChoices && q.choices ? shuffled(q.choices, rng(seed ^ textHash(q.id))) : q.choices || []);
const SEEDS = 36 ** 5 - 1; // a seed is 5 base36 characters, 1 to SEEDS
function newSeed() {
  try { return 1 + (window.crypto.getRandomValues(new Uint32Array(1))[0] % SEEDS); } catch (e) { return 1 + Math.floor(Math.random() * SEEDS); }
}

window.CoursepackBank = { randomised, drawQuestions, choiceOrder, newSeed };
})();
