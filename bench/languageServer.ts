/**
 * Language server benchmarks: parse + diagnostics of a long spec, a
 * keystroke's round trip to fresh diagnostics, completion, start-up time and
 * memory of the bundled server. Targets are in docs/PERFORMANCE.md.
 */
import { performance } from "node:perf_hooks";
import { CompletionRequest, type Position } from "vscode-languageserver/node";
import { parseSpec } from "@server/language/parser";
import { clearStanzaBlockCache } from "@server/language/blockCache";
import { computeDiagnostics } from "@server/features/diagnostics";
import { completionsAt } from "@server/features/completion";
import { startLspTestSession, type LspTestSession } from "@support/lsp/lspTestClient";
import { cpuTimeMs, ensureServerBuilt, residentSetBytes, spawnLspServer } from "@support/lsp/spawnedServer";
import { collectGarbage, figure, measure, skipped, summarize, time, timingFigures, type BenchFigure, type Timing } from "./figures";
import { bodySources, conformanceSpecs, editProbe, generateSpec, variableProbe } from "./specs";

const LONG_SPEC_LINES = 12_000;
const COMPLETION_SPEC_LINES = 150;
const RUNS = 30;
const WARM_UP = 5;
/** Edits warm up longer: in a freshly spawned server the parser has not been compiled by the JIT yet. */
const EDIT_WARM_UP = 20;
const SERVER_STARTS = 7;
const DIAGNOSTIC_SETTINGS = { unusedClient: true };

const SERVER_START_NAME = "server start: spawn -> initialize result (median)";
const SERVER_MEMORY_NAME = "server memory (RSS) with the 15 conformance specs open";
const EDIT_NAME = `one-character edit -> fresh diagnostics, ${LONG_SPEC_LINES.toLocaleString("en")}-line spec`;

const TARGET = { parseAndDiagnose: 50, editToDiagnostics: 20, completion: 5, serverStart: 300, serverMemory: 80 } as const;

export async function benchmarks(): Promise<BenchFigure[]> {
  const sources = bodySources();
  const longSpec = generateSpec(sources.specs, LONG_SPEC_LINES);
  const completionSpec = generateSpec(sources.specs, COMPLETION_SPEC_LINES);
  let bundleProblem: string | undefined;
  try {
    ensureServerBuilt();
  } catch (error) {
    bundleProblem = `dist/server.js could not be built (${String(error).split("\n")[0]})`;
  }
  // Spawned servers first, while this process is small (a spawn forks it) and holds no garbage from the parse runs.
  const spawned = bundleProblem ? [
    skipped(SERVER_START_NAME, "ms", TARGET.serverStart, bundleProblem),
    skipped(SERVER_MEMORY_NAME, "MB", TARGET.serverMemory, bundleProblem),
    skipped(`${EDIT_NAME}, spawned server`, "ms", TARGET.editToDiagnostics, bundleProblem),
  ] : [
    await serverStart(),
    await serverMemory(),
    ...(await editToDiagnosticsSpawned(longSpec)),
  ];
  // Completion before the long spec: its trees and memo would otherwise still burden the garbage collector.
  const completionFigures = [...(await completion(completionSpec)), ...(await schemaCompletion(completionSpec))];
  return [
    ...spawned,
    ...(await parseAndDiagnose(longSpec, sources.label)),
    ...(await editToDiagnosticsInProcess(longSpec)),
    ...completionFigures,
  ];
}

async function parseAndDiagnose(text: string, sourceLabel: string): Promise<BenchFigure[]> {
  const name = `parse + diagnostics, ${LONG_SPEC_LINES.toLocaleString("en")}-line spec`;
  const cold = await time(() => {
    clearStanzaBlockCache();
    return computeDiagnostics(parseSpec(text), DIAGNOSTIC_SETTINGS);
  }, RUNS, WARM_UP);
  const warm = await time(() => computeDiagnostics(parseSpec(text), DIAGNOSTIC_SETTINGS), RUNS, WARM_UP);
  return [
    ...timingFigures(`${name}, cold block cache`, cold, TARGET.parseAndDiagnose, `first open of the document; ${sourceLabel}`),
    ...timingFigures(`${name}, warm block cache`, warm, TARGET.parseAndDiagnose, "reparse of an unchanged document (blocks from the memo)"),
  ];
}

/**
 * Opens the spec (timing didOpen -> first diagnostics), then times didChange
 * (one character, alternately inserted and deleted) -> publishDiagnostics for that version.
 */
async function timeEdits(session: LspTestSession, uri: string, text: string, serverPid?: number): Promise<{ openMs: number; edits: Timing; serverCpuMs?: number }> {
  const opening = performance.now();
  session.open(uri, text, 1);
  await session.nextDiagnostics(uri, 1, 60_000);
  const openMs = performance.now() - opening;
  const at = editProbe(text);
  const after: Position = { line: at.line, character: at.character + 1 };
  let version = 1;
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  collectGarbage();
  let serverCpuBefore: number | undefined;
  for (let i = 0; i < EDIT_WARM_UP + RUNS; i++) {
    if (i === EDIT_WARM_UP && serverPid !== undefined) serverCpuBefore = cpuTimeMs(serverPid);
    version++;
    const insert = version % 2 === 0;
    const { wall, cpu } = await measure(() => {
      session.change(uri, version, [insert ? { range: { start: at, end: at }, text: "x" } : { range: { start: at, end: after }, text: "" }]);
      return session.nextDiagnostics(uri, version);
    });
    if (i >= EDIT_WARM_UP) {
      samples.push(wall);
      cpuSamples.push(cpu);
    }
  }
  if (serverPid === undefined) return { openMs, edits: summarize(samples, cpuSamples) };
  // A spawned server's CPU time comes from /proc in 10 ms steps: only its mean over all edits means something.
  const serverCpuAfter = cpuTimeMs(serverPid);
  const serverCpuMs = serverCpuBefore === undefined || serverCpuAfter === undefined ? undefined : (serverCpuAfter - serverCpuBefore) / RUNS;
  return { openMs, edits: summarize(samples), serverCpuMs };
}

const EDIT_NOTE = "didChange sent -> publishDiagnostics received";

async function editToDiagnosticsInProcess(text: string): Promise<BenchFigure[]> {
  const session = await startLspTestSession();
  try {
    const { edits } = await timeEdits(session, "file:///bench/long.scs", text);
    return timingFigures(`${EDIT_NAME}, in-process LSP`, edits, TARGET.editToDiagnostics, `${EDIT_NOTE}, JSON-RPC over in-memory streams`);
  } finally {
    await session.close();
  }
}

async function editToDiagnosticsSpawned(text: string): Promise<BenchFigure[]> {
  const server = await spawnLspServer();
  try {
    const { openMs, edits, serverCpuMs } = await timeEdits(server.session, "file:///bench/long.scs", text, server.pid);
    const cpuNote = serverCpuMs === undefined ? "" : `; server CPU time ${serverCpuMs.toFixed(1)} ms per edit (mean)`;
    const opens = await timeOpensOfNewDocuments(server.session, text);
    return [
      figure(`didOpen -> first diagnostics, ${LONG_SPEC_LINES.toLocaleString("en")}-line spec, spawned server`, openMs, "ms", undefined,
        "one run: a fresh server (cold JIT, empty block memo) opening the spec"),
      ...timingFigures(`${EDIT_NAME}, spawned server`, edits, TARGET.editToDiagnostics, `${EDIT_NOTE}, node dist/server.js --stdio${cpuNote}`),
      figure(`${OPEN_NAME} (median)`, opens.median, "ms", undefined, OPEN_NOTE),
      figure(`${OPEN_NAME} (p95)`, opens.p95, "ms", undefined, OPEN_NOTE),
    ];
  } finally {
    await server.stop();
  }
}

const OPENS = 20;
const OPEN_NAME = `didOpen -> first diagnostics of another ${LONG_SPEC_LINES.toLocaleString("en")}-line document, warmed spawned server`;
const OPEN_NOTE = `${OPENS} documents, every stanza block new to the server's block memo; the JSON-RPC transfer of the text included`;

/**
 * What a user opening another long spec waits for in a running server: each
 * document differs from the others in every stanza block (the blocks' lines
 * are indented by a different number of spaces after the tab), so no block
 * comes from the memo.
 */
async function timeOpensOfNewDocuments(session: LspTestSession, text: string): Promise<Timing> {
  const samples: number[] = [];
  for (let n = 1; n <= OPENS; n++) {
    const uri = `file:///bench/new-${n}.scs`;
    const document = text.replace(/^\t/gm, `\t${" ".repeat(n)}`);
    const opening = performance.now();
    session.open(uri, document, 1);
    await session.nextDiagnostics(uri, 1, 60_000);
    samples.push(performance.now() - opening);
    session.closeDocument(uri);
  }
  return summarize(samples);
}

async function completion(text: string): Promise<BenchFigure[]> {
  const position = variableProbe(text);
  const doc = parseSpec(text);
  const expected = completionsAt(doc, position).length;
  if (expected === 0) throw new Error("the completion probe offers nothing: the benchmark would measure an empty answer");
  const pure = await time(() => completionsAt(doc, position), RUNS, WARM_UP);

  const session = await startLspTestSession();
  try {
    const uri = "file:///bench/completion.scs";
    session.open(uri, text);
    await session.nextDiagnostics(uri, 1);
    let answered = 0;
    const roundTrip = await time(async () => {
      const result = await session.client.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
      answered = Array.isArray(result) ? result.length : (result?.items.length ?? 0);
    }, RUNS, WARM_UP);
    if (answered !== expected) throw new Error(`completion over LSP gave ${answered} items, the function ${expected}`);
    const note = `after \`\${\` in a ${COMPLETION_SPEC_LINES}-line spec, ${expected} items`;
    return [
      ...timingFigures("completion, LSP request round trip", roundTrip, TARGET.completion, `${note}; in-process JSON-RPC`),
      ...timingFigures("completion, pure function", pure, TARGET.completion, `${note}; tree already parsed`),
    ];
  } finally {
    await session.close();
  }
}

/** Probes of the schema completions (issue 12), each a block appended to the spec, the cursor at its end. */
const SCHEMA_PROBES: readonly { readonly name: string; readonly block: string }[] = [
  // <message> takes any extension: every namespace's top element is offered, the longest list.
  { name: "child elements in <message>", block: "\t<message type='chat'>\n\t\t<" },
  { name: "values after type=' in <iq>", block: "\t<iq id='1' type='" },
  { name: "attributes of a muc#admin <item>", block: "\t<iq type='set' id='1'>\n\t\t<query xmlns='http://jabber.org/protocol/muc#admin'>\n\t\t\t<item " },
];

async function schemaCompletion(text: string): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const probe of SCHEMA_PROBES) {
    const probed = `${text}\nRomeo sends:\n${probe.block}`;
    const lines = probed.split("\n");
    const position = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
    const doc = parseSpec(probed);
    const expected = completionsAt(doc, position).length;
    if (expected === 0) throw new Error(`the schema completion probe "${probe.name}" offers nothing`);
    const pure = await time(() => completionsAt(doc, position), RUNS, WARM_UP);
    figures.push(...timingFigures(`completion, ${probe.name}, pure function`, pure, TARGET.completion,
      `schema completion at the end of a ${COMPLETION_SPEC_LINES}-line spec, ${expected} items; tree already parsed`));
  }
  return figures;
}

async function serverStart(): Promise<BenchFigure> {
  const samples: number[] = [];
  for (let i = 0; i < SERVER_STARTS + 1; i++) {
    const server = await spawnLspServer();
    if (i > 0) samples.push(server.startMs); // the first start warms the disk cache
    await server.stop();
  }
  const timing = summarize(samples);
  return figure(SERVER_START_NAME, timing.median, "ms", TARGET.serverStart,
    `node dist/server.js --stdio, ${timing.runs} starts after one unmeasured; p95 ${timing.p95.toFixed(1)} ms`);
}

async function serverMemory(): Promise<BenchFigure> {
  const name = SERVER_MEMORY_NAME;
  const specs = conformanceSpecs();
  if (!specs) return skipped(name, "MB", TARGET.serverMemory, "../shared (the conformance specs) is absent");
  const server = await spawnLspServer();
  try {
    const uris = specs.map((spec) => `file:///conformance/${spec.name}`);
    specs.forEach((spec, index) => server.session.open(uris[index]!, spec.text));
    await Promise.all(uris.map((uri) => server.session.nextDiagnostics(uri, 1)));
    const bytes = residentSetBytes(server.pid);
    if (bytes === undefined) return skipped(name, "MB", TARGET.serverMemory, `/proc/${server.pid}/status is not readable (not Linux?)`);
    return figure(name, bytes / (1024 * 1024), "MB", TARGET.serverMemory, `VmRSS of the spawned server after the ${specs.length} specs' diagnostics arrived`);
  } finally {
    await server.stop();
  }
}
