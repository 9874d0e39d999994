import { makeWorkspace, readFixture, startCodeServer } from "./codeServer";
import { openWorkbench } from "./workbench";
async function main() {
  const text = readFixture("specs/muc_members_only_deregister.scs");
  const files: Record<string, string> = {};
  for (let i = 0; i < Number(process.env.N ?? 1000); i++) files[`suite${i % 10}/spec_${i}.scs`] = text.replace("# MUC:", `# Spec ${i}: MUC:`);
  const workspace = makeWorkspace(files);
  const server = await startCodeServer({ workspace, vsix: "/tmp/lt/mine.vsix" });
  const wb = await openWorkbench(server);
  try {
    await wb.runCommand("Output: Focus on Output View");
    await wb.page.locator(".part.panel select.monaco-select-box").first().selectOption({ label: "Scansion" });
    await wb.page.waitForTimeout(5000);
    console.log(await wb.page.locator(".part.panel select.monaco-select-box").first().evaluate((e) => [...(e as unknown as { options: { label: string }[] }).options].map((o) => o.label)));
    await wb.screenshot("debug-bench");
    console.log((await wb.page.locator(".part.panel .output-view .view-lines").innerText()).replace(/\u00a0/g, " "));
    console.log("TEXT", (await wb.page.locator(".part.panel .output-view .view-lines").innerText()).replace(/\u00a0/g, " "));
  } finally { await wb.close(); await server.stop(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
