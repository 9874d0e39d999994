/**
 * The Test Explorer's profiles: for each way of executing specs (a mode), one
 * default profile that uses the status bar's current target, and one profile
 * per named target ("Run on staging"). Rebuilt when the targets change.
 *
 * Three modes: Run (which also offers continuous runs), Debug (TestRunProfileKind.Debug) and
 * Coverage ("Run with Coverage on Prosody (…)", Prosody targets only). With two or more
 * `scansion.targets` entries, a "Run on every target" profile runs on all of them at once
 * (everyTargetRun.ts). Labels follow one
 * pattern ("Run", "Run on staging", "Debug", "Debug on staging") so that VS
 * Code's "rerun in debug" finds the matching profile by label.
 */
import * as vscode from "vscode";
import type { TargetSource } from "../targets/targetSelection";
import { isTargetsEntry, type ServerTarget, type TargetList } from "../targets/targets";

export interface ExecutionMode {
  readonly kind: vscode.TestRunProfileKind;
  /** "Run", later "Debug". */
  readonly verb: string;
  /** Its profiles offer continuous runs (watch mode); `execute` then gets requests with `continuous` set. */
  readonly continuous?: boolean;
  readonly execute: (request: vscode.TestRunRequest, token: vscode.CancellationToken, target: ServerTarget, targets: TargetList) => Promise<void>;
  /** Only for the named targets it says yes to (Coverage: Prosody targets), without a current-target profile. */
  readonly appliesTo?: (target: ServerTarget) => boolean;
  /** Sets up each of its profiles (Coverage: the per-line details). */
  readonly configure?: (profile: vscode.TestRunProfile) => void;
}

/** The "Run on every target" profile's handler: the `scansion.targets` entries, in their order. */
export type EveryTargetHandler = (request: vscode.TestRunRequest, token: vscode.CancellationToken, targets: readonly ServerTarget[], list: TargetList) => Promise<void>;

export const EVERY_TARGET_LABEL = "Run on every target";

export class RunProfiles implements vscode.Disposable {
  private profiles: vscode.TestRunProfile[] = [];
  private builtFor = "";
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly controller: vscode.TestController, private readonly source: TargetSource, private readonly modes: readonly ExecutionMode[],
    private readonly everyTarget?: EveryTargetHandler,
  ) {
    this.rebuild();
    this.subscription = source.onDidChange(() => this.rebuild());
  }

  /** The named targets the profiles stand for; choosing another current target changes nothing here. */
  private namedTargets(): string {
    return JSON.stringify(this.source.targets.targets.filter((target) => !target.isDefault));
  }

  /** The default profile of a mode (what "Run spec" and the run command use). */
  defaultProfile(kind: vscode.TestRunProfileKind): vscode.TestRunProfile | undefined {
    return this.profiles.find((profile) => profile.kind === kind && profile.isDefault) ?? this.profiles.find((profile) => profile.kind === kind);
  }

  dispose(): void {
    this.subscription.dispose();
    for (const profile of this.profiles) profile.dispose();
  }

  private rebuild(): void {
    const signature = this.namedTargets();
    if (signature === this.builtFor) return;
    this.builtFor = signature;
    // Keep the user's choice of default profile across rebuilds where the label survives.
    const defaults = new Set(this.profiles.filter((profile) => profile.isDefault).map((profile) => `${profile.kind}:${profile.label}`));
    for (const profile of this.profiles) profile.dispose();
    this.profiles = [];
    for (const mode of this.modes) {
      const named = this.source.targets.targets.filter((target) => !target.isDefault && (mode.appliesTo?.(target) ?? true)).map((target) => ({ target, label: `${mode.verb} on ${target.name}` }));
      const namedDefault = named.some(({ label }) => defaults.has(`${mode.kind}:${label}`));
      if (!mode.appliesTo) {
        const current = this.controller.createRunProfile(mode.verb, mode.kind, (request, token) => mode.execute(request, token, this.source.current, this.source.targets), !namedDefault || defaults.has(`${mode.kind}:${mode.verb}`));
        this.profiles.push(current);
      }
      for (const [index, { target, label }] of named.entries()) {
        const isDefault = defaults.has(`${mode.kind}:${label}`) || (mode.appliesTo !== undefined && !namedDefault && index === 0);
        const profile = this.controller.createRunProfile(label, mode.kind, (request, token) => mode.execute(request, token, target, this.source.targets), isDefault);
        mode.configure?.(profile);
        this.profiles.push(profile);
      }
      if (mode.continuous) for (const profile of this.profiles) if (profile.kind === mode.kind) profile.supportsContinuousRun = true;
    }
    const entries = this.source.targets.targets.filter((target) => isTargetsEntry(target));
    const everyTarget = this.everyTarget;
    if (everyTarget && entries.length >= 2) {
      const isDefault = defaults.has(`${vscode.TestRunProfileKind.Run}:${EVERY_TARGET_LABEL}`);
      this.profiles.push(this.controller.createRunProfile(EVERY_TARGET_LABEL, vscode.TestRunProfileKind.Run, (request, token) => {
        // The entries as they are now: a profile is rebuilt only when the named targets change.
        const list = this.source.targets;
        return everyTarget(request, token, list.targets.filter((target) => isTargetsEntry(target)), list);
      }, isDefault));
    }
  }
}
