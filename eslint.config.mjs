// The configuration lives in the lint workspace, where its plugins are installed (tools/lint/).
export { default } from "./tools/lint/eslint.config.mjs";
