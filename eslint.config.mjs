// Type-aware linting: floating promises and misused promises are errors; the layers are checked
// (nothing below workbench/ imports vscode, nothing imports upwards).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

/** Folders that know nothing of VS Code, and the folders they must not import from. */
const VSCODE_FREE = [
  "src/core/**",
  "src/aws/**",
  "src/git/**",
  "src/logs/**",
  "src/*/model/**",
  "src/*/store.ts",
  "src/*/gateway.ts",
  "src/*/mapping.ts",
  "src/*/sdk.lazy.ts",
  "src/codebuild/followBuild.ts",
  "src/codebuild/buildspec/{spec,validate,schema,projects,validator.lazy}.ts",
  "src/codedeploy/{bundler,bundle.lazy}.ts",
  "src/codedeploy/appspec/{spec,validate,validator.lazy}.ts",
  "src/cloudformation/{followOperation,templates.lazy}.ts",
  "src/cloudwatch/logGroupStore.ts",
];
const noVscode = {
  name: "vscode",
  message:
    "This folder is vscode-free (see ARCHITECTURE.md): move the vscode part to workbench/ or the service.",
};
const upward = (...folders) =>
  folders.map((f) => ({
    group: [`**/${f}/**`, `**/${f}`],
    message: `No import upwards into ${f}/ (see ARCHITECTURE.md).`,
  }));
const SERVICES = ["codebuild", "codepipeline", "codedeploy", "cloudformation", "cloudwatch"];

export default tseslint.config(
  {
    ignores: ["dist/**", "out/**", "node_modules/**", ".cache/**", "test-results/**", "media/*.json"],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's describe/it return promises the runner awaits.
        {
          allowForKnownSafeCalls: [
            {
              from: "package",
              package: "node:test",
              name: ["describe", "it", "test", "suite", "before", "after", "beforeEach", "afterEach"],
            },
          ],
        },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
    },
  },
  {
    files: ["src/core/**", "src/aws/**", "src/git/**", "src/logs/**"],
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: upward("workbench", ...SERVICES) }],
    },
  },
  {
    files: VSCODE_FREE.filter((f) => !/^src\/(core|aws|git|logs)\//.test(f)),
    rules: {
      "no-restricted-imports": ["error", { paths: [noVscode], patterns: upward("workbench") }],
    },
  },
  {
    files: ["src/workbench/**"],
    rules: { "no-restricted-imports": ["error", { patterns: upward(...SERVICES) }] },
  },
  {
    // Build scripts and the webviews' scripts: plain JavaScript.
    files: ["scripts/**/*.mjs", "eslint.config.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    files: ["media/webview/**/*.js"],
    languageOptions: { globals: { ...globals.browser, acquireVsCodeApi: "readonly" }, sourceType: "script" },
  },
);
