/**
 * A type-check of one tsconfig, from a V8 startup snapshot (`node --build-snapshot`) that holds
 * TypeScript already loaded and the declaration files of node_modules (TypeScript's lib, @types/
 * node, cdk8s, cdk8s-plus-27, constructs) already parsed and bound. That is most of what `tsc`
 * spends its time on before it checks the few files that changed.
 *
 *   node --snapshot-blob <blob> --build-snapshot tools/tsc-snapshot.js <tsconfig>...   (build)
 *   node --snapshot-blob <blob> <tsconfig>                                              (check)
 *
 * The check is tsc's incremental check (same tsBuildInfoFile, same diagnostics and exit code); a
 * cached file whose size or modification time differs on disk is parsed again. tools/run-entry.js
 * builds the blob under build/ and keys it by node, package-lock.json and the tsconfigs, so a
 * dependency change builds a new one. Only built-in modules may be required here (snapshot rule):
 * TypeScript is loaded from its file.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const v8 = require('v8');

function loadTypeScript(root) {
  const file = process.env.EKS_PLATFORM_TYPESCRIPT || path.join(root, 'node_modules', 'typescript', 'lib', 'typescript.js');
  const mod = { exports: {} };
  // eslint-disable-next-line no-new-func
  new Function('module', 'exports', 'require', '__filename', '__dirname', fs.readFileSync(file, 'utf8'))(mod, mod.exports, require, file, path.dirname(file));
  return mod.exports;
}

function parseConfig(ts, file) {
  const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  return parsed;
}

/** Parse and bind the node_modules declaration files of each config's program. */
function warm(ts, configs) {
  const cache = new Map();
  for (const config of configs) {
    const parsed = parseConfig(ts, config);
    const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, incremental: false, noEmit: true } });
    program.getTypeChecker();
    for (const sf of program.getSourceFiles()) {
      if (!sf.fileName.includes('/node_modules/') || cache.has(sf.fileName)) continue;
      const st = fs.statSync(sf.fileName);
      sf.version = ts.sys.createHash(sf.text);
      cache.set(sf.fileName, { sf, mtimeMs: st.mtimeMs, size: st.size });
    }
  }
  return cache;
}

/** tsc -p `config` (incremental), reusing the cached files still the same on disk; returns the exit code. */
function check(ts, cache, config) {
  const parsed = parseConfig(ts, config);
  const host = ts.createIncrementalCompilerHost(parsed.options);
  const parse = host.getSourceFile;
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const cached = cache.get(fileName);
    const st = cached && fs.statSync(fileName, { throwIfNoEntry: false });
    if (cached && st && st.mtimeMs === cached.mtimeMs && st.size === cached.size) return cached.sf;
    return parse(fileName, languageVersion, onError, shouldCreate);
  };
  const program = ts.createIncrementalProgram({ rootNames: parsed.fileNames, options: parsed.options, host, configFileParsingDiagnostics: ts.getConfigFileParsingDiagnostics(parsed) });
  const diagnostics = [
    ...program.getConfigFileParsingDiagnostics(), ...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(),
  ];
  program.emit(); // writes the tsBuildInfoFile (noEmit: nothing else)
  const cwd = process.cwd();
  if (diagnostics.length > 0) process.stdout.write(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => cwd, getNewLine: () => '\n' }));
  return diagnostics.length > 0 ? 2 : 0;
}

if (v8.startupSnapshot && v8.startupSnapshot.isBuildingSnapshot()) {
  const root = process.cwd();
  const ts = loadTypeScript(root);
  const configs = process.argv.slice(2).filter((a) => a.endsWith('.json')).map((c) => path.resolve(root, c));
  const cache = warm(ts, configs);
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    try {
      process.exitCode = check(ts, cache, path.resolve(process.argv.slice(1).find((a) => a.endsWith('.json'))));
    } catch (e) {
      process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
      process.exitCode = 1;
    }
  });
}
