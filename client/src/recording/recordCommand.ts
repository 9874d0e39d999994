/**
 * "Scansion: Record a spec" (issue #5): a prompt loop around SpecRecorder
 * (server/src/runner/recorder.ts, where the logic lives). The person picks
 * the next step (a client connects, sends a stanza they type, disconnects);
 * each step's scansion text is appended to the spec and revealed. Escape or
 * "Finish recording" disconnects every client.
 */
import * as vscode from "vscode";
import type { NewClient, RecordedStep, SpecRecorder } from "@server/runner/recorder";
import type { RunSettings } from "@server/runner/settings";

export const RECORD_SPEC_COMMAND = "scansion.recordSpec";

export interface RecordCommandDeps {
  /** Where and how to connect (the current target's settings). */
  currentRunSettings(): RunSettings | Promise<RunSettings>;
  log: vscode.LogOutputChannel;
}

type RecorderModule = typeof import("@server/runner/recorder");

/** The runner's XMPP stack loads on the first recording, not at activation. */
function loadRecorder(): Promise<RecorderModule> {
  return import("@server/runner/recorder");
}

interface StepChoice extends vscode.QuickPickItem {
  readonly client?: string;
  readonly verb?: "connects" | "sends" | "disconnects";
}

export function registerRecordCommand(context: vscode.ExtensionContext, deps: RecordCommandDeps): vscode.Disposable {
  let running = false;
  let active: SpecRecorder | undefined;
  // Clients still connected when the extension goes away are disconnected.
  context.subscriptions.push({ dispose: () => void active?.close() });
  return vscode.commands.registerCommand(RECORD_SPEC_COMMAND, async () => {
    if (running) {
      void vscode.window.showInformationMessage("A recording is already running: finish it first (Escape in its step list).");
      return;
    }
    running = true;
    try {
      await record(deps, (recorder) => { active = recorder; });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.error(`Recording failed: ${message}`);
      void vscode.window.showErrorMessage(`Recording failed: ${message}`);
    } finally {
      running = false;
      active = undefined;
    }
  });
}

async function record(deps: RecordCommandDeps, started: (recorder: SpecRecorder) => void): Promise<void> {
  const recorderModule = await loadRecorder();
  const document = await specToRecordInto(recorderModule);
  if (!document) return;
  const recorder = recorderModule.SpecRecorder.fromText(document.getText(), await deps.currentRunSettings());
  started(recorder);
  const name = vscode.workspace.asRelativePath(document.uri);
  deps.log.info(`Recording into ${name} (clients: ${recorder.clientNames.join(", ")})`);
  try {
    if (recorder.existingActionCount > 0 && !(await replayExisting(recorder, deps.log))) return;
    await stepLoop(recorder, document, recorderModule, deps.log);
  } finally {
    await recorder.close();
    deps.log.info(`Recording into ${name} ended; every client disconnected`);
  }
  void vscode.window.showInformationMessage(`Recording ended: ${name}`);
}

/** The active spec when it defines clients; else, if the person agrees, a new untitled spec for clients they name. */
async function specToRecordInto(recorderModule: RecorderModule): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  const current = editor?.document;
  const isSpec = current !== undefined && (current.languageId === "scansion" || current.fileName.endsWith(".scs"));
  if (isSpec && recorderModule.definedClientNames(current.getText()).length > 0) return current;
  const why = isSpec ? "This spec defines no [Client] yet." : "No scansion spec is open.";
  const answer = await vscode.window.showInformationMessage(`${why} Record a new spec for clients you name?`, "New spec");
  if (answer !== "New spec") return undefined;
  const clients = await askForClients(recorderModule);
  if (!clients) return undefined;
  const document = await vscode.workspace.openTextDocument({ language: "scansion", content: recorderModule.newSpecText(clients) });
  await vscode.window.showTextDocument(document);
  return document;
}

async function askForClients(recorderModule: RecorderModule): Promise<NewClient[] | undefined> {
  const clients: NewClient[] = [];
  for (;;) {
    const taken = clients.map((client) => client.name);
    const name = await vscode.window.showInputBox({
      title: `New spec: client ${clients.length + 1}`,
      prompt: "Client name, as the spec's actions will call it",
      placeHolder: clients.length === 0 ? "Romeo" : "Juliet",
      ignoreFocusOut: true,
      validateInput: (value) => recorderModule.clientNameProblem(value, taken),
    });
    if (name === undefined) return undefined;
    const jid = await vscode.window.showInputBox({
      title: `New spec: ${name}'s JID`,
      prompt: `The JID ${name} logs in as`,
      value: `${name.toLowerCase().replace(/[^a-z0-9._-]+/g, "")}@localhost`,
      ignoreFocusOut: true,
      validateInput: (value) => recorderModule.newClientJidProblem(value),
    });
    if (jid === undefined) return undefined;
    const password = await vscode.window.showInputBox({
      title: `New spec: ${name}'s password`,
      prompt: "Written into the spec's [Client] definition, as scansion requires",
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value === "" ? "type a password (a test server may accept any)" : undefined),
    });
    if (password === undefined) return undefined;
    clients.push({ name, jid, password });
    const next = await vscode.window.showQuickPick(["Start recording", "Add another client"], { title: `New spec: ${clients.map((c) => c.name).join(", ")}`, ignoreFocusOut: true });
    if (next === undefined) return undefined;
    if (next === "Start recording") return clients;
  }
}

/** Runs the spec's own actions first, so recording continues where it ends; false when that failed. */
async function replayExisting(recorder: SpecRecorder, log: vscode.LogOutputChannel): Promise<boolean> {
  const count = recorder.existingActionCount;
  log.info(`Replaying the spec's ${count} action${count === 1 ? "" : "s"} so recording continues where it ends`);
  try {
    const notes = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Scansion: replaying the spec's ${count} action${count === 1 ? "" : "s"}…` },
      () => recorder.replaySpec(),
    );
    for (const note of notes) log.info(note);
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`The spec does not replay, so recording cannot continue it: ${message}`);
    void vscode.window.showErrorMessage(`The spec does not replay (${message}); fix it or record into a new spec.`);
    return false;
  }
}

async function stepLoop(recorder: SpecRecorder, document: vscode.TextDocument, recorderModule: RecorderModule, log: vscode.LogOutputChannel): Promise<void> {
  let lastStanza = "";
  for (;;) {
    const choice = await vscode.window.showQuickPick(stepChoices(recorder), {
      title: `Recording ${vscode.workspace.asRelativePath(document.uri)}`,
      placeHolder: "Next step (Escape finishes the recording)",
      ignoreFocusOut: true,
    });
    if (!choice?.client || !choice.verb) return;
    if (document.isClosed) throw new Error("the spec's editor was closed");
    const client = choice.client;
    let step: Promise<RecordedStep>;
    if (choice.verb === "sends") {
      const xml = await askForStanza(client, lastStanza, recorderModule);
      if (xml === undefined) continue; // back to the step list
      lastStanza = xml;
      step = recorder.send(client, xml);
    } else {
      step = choice.verb === "connects" ? recorder.connect(client) : recorder.disconnect(client);
    }
    const title = `${client} ${choice.verb}`;
    let recorded: RecordedStep;
    try {
      recorded = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Scansion: ${title}…` }, () => step);
    } catch (error) {
      // A refused step (bad stanza, connection refused, …) leaves the recording going.
      const message = error instanceof Error ? error.message : String(error);
      log.warn(`Not recorded: ${title}: ${message}`);
      void vscode.window.showWarningMessage(`Not recorded (${title}): ${message}`);
      continue;
    }
    for (const note of recorded.notes) log.info(note);
    log.info(`Recorded: ${title}${recorded.received > 0 ? ` (${recorded.received} stanza${recorded.received === 1 ? "" : "s"} received)` : ""}`);
    try {
      await appendStep(document, recorded.text, recorderModule);
    } catch (error) {
      // Keep what was recorded where the person can copy it.
      log.error(`Could not append to the spec; the step was:\n${recorded.text}`);
      throw error;
    }
  }
}

function stepChoices(recorder: SpecRecorder): StepChoice[] {
  const choices: StepChoice[] = [];
  for (const client of recorder.clientNames) {
    if (recorder.isConnected(client)) {
      choices.push({ label: `$(arrow-right) ${client} sends…`, client, verb: "sends" });
      choices.push({ label: `$(debug-disconnect) ${client} disconnects`, client, verb: "disconnects" });
    } else {
      choices.push({ label: `$(plug) ${client} connects`, description: recorder.jidsOf(client)?.bare ?? "", client, verb: "connects" });
    }
  }
  choices.push({ label: "", kind: vscode.QuickPickItemKind.Separator });
  choices.push({ label: "$(check) Finish recording", description: "disconnects every client" });
  return choices;
}

function askForStanza(client: string, lastStanza: string, recorderModule: RecorderModule): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `${client} sends`,
    prompt: "One stanza; ${Name's JID} and ${Name's full JID} may stand for a client's JIDs",
    placeHolder: "<message to='${Juliet's full JID}' type='chat'><body>Hello</body></message>",
    value: lastStanza,
    ignoreFocusOut: true,
    validateInput: (value) => recorderModule.stanzaInputProblem(value),
  });
}

/** Appends at the end of the document (whatever the person edited meanwhile) and shows it. */
async function appendStep(document: vscode.TextDocument, stepText: string, recorderModule: RecorderModule): Promise<void> {
  const end = document.lineAt(document.lineCount - 1).range.end;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, end, recorderModule.textToAppend(document.getText(), stepText));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error("the step could not be written into the spec");
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document)
    ?? await vscode.window.showTextDocument(document, { preserveFocus: true, preview: false });
  const last = document.lineAt(document.lineCount - 1).range.end;
  editor.revealRange(new vscode.Range(end, last), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
