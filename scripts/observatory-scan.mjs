// Mozilla's HTTP Observatory scan on a chosen port pair (the npm CLI only scans :80/:443).
// This is the package's own scan() (src/scanner/index.js) with the ports passed through.
// Usage: node scripts/observatory-scan.mjs <package dir> <host> <http port> <https port>
const [pkg, host, httpPort, httpsPort] = process.argv.slice(2);
const load = (path) => import(`file://${pkg}/${path}`);
const { retrieve } = await load("src/retriever/retriever.js");
const { ALL_TESTS, NUM_TESTS, ALGORITHM_VERSION } = await load("src/constants.js");
const { MINIMUM_SCORE_FOR_EXTRA_CREDIT } = await load("src/grader/charts.js");
const { getGradeForScore, getScoreModifier } = await load("src/grader/grader.js");

const r = await retrieve(host, { httpPort, httpsPort });
if (!r.responses.auto) {
  console.log(JSON.stringify({ error: "The site seems to be down." }));
  process.exit(1);
}
const results = ALL_TESTS.map((test) => test(r));
let passed = 0;
let withExtra = 100;
let uncurved = 100;
const tests = {};
for (const result of results) {
  if (result.result) {
    result.scoreModifier = getScoreModifier(result.result);
    passed += result.pass ? 1 : 0;
    withExtra += result.scoreModifier;
    if (result.scoreModifier < 0) uncurved += result.scoreModifier;
  }
  tests[result.constructor.name] = {
    result: result.result,
    pass: result.pass,
    scoreModifier: result.scoreModifier,
  };
}
const score = uncurved >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? withExtra : uncurved;
const final = getGradeForScore(score);
console.log(
  JSON.stringify(
    {
      scan: {
        algorithmVersion: ALGORITHM_VERSION,
        grade: final.grade,
        score: final.score,
        statusCode: r.responses.auto.status,
        testsPassed: passed,
        testsQuantity: NUM_TESTS,
      },
      tests,
    },
    null,
    2,
  ),
);
