// Types of prosodyCache.mjs (plain JavaScript so that scripts/ensure-prosody.mjs runs it without a build).
export declare function findExecutable(name: string): string | undefined;
export declare function isExecutableFile(file: string): boolean;
export declare function prosodyCacheRoot(env?: NodeJS.ProcessEnv, isRoot?: boolean): string;
export declare function prosodyCacheRoots(): string[];
export declare function releaseFolder(root: string, release: string): string;
export declare function checkoutFolder(root: string, release: string): string;
export declare const COMPLETE_MARKER: string;
