/**
 * Every exported symbol of the library has JSDoc (the public API promise). Walks `lib/` with the
 * TypeScript parser (no type-checking): exported functions, classes, interfaces, types, consts,
 * and the public members of exported classes and interfaces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const LIB = path.join(__dirname, '..', 'lib');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function hasDoc(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).length > 0;
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

function undocumented(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const where = (n: ts.Node, name: string) => `${path.relative(LIB, file)}:${source.getLineAndCharacterOfPosition(n.getStart()).line + 1} ${name}`;
  const missing: string[] = [];
  for (const stmt of source.statements) {
    if (!isExported(stmt)) continue;
    if (ts.isVariableStatement(stmt)) {
      if (!hasDoc(stmt)) missing.push(where(stmt, stmt.declarationList.declarations.map((d) => d.name.getText()).join(', ')));
      continue;
    }
    const named = stmt as ts.DeclarationStatement;
    const name = named.name?.getText() ?? '(anonymous)';
    if (!hasDoc(stmt)) missing.push(where(stmt, name));
    if (ts.isClassDeclaration(stmt) || ts.isInterfaceDeclaration(stmt)) {
      for (const m of stmt.members) {
        const mods = ts.canHaveModifiers(m) ? ts.getModifiers(m) ?? [] : [];
        if (mods.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword)) continue;
        if (ts.isConstructorDeclaration(m) || ts.isIndexSignatureDeclaration(m) || !m.name) continue;
        if (m.name.getText().startsWith('#')) continue;
        if (!hasDoc(m)) missing.push(where(m, `${name}.${m.name.getText()}`));
      }
    }
  }
  return missing;
}

describe('public API documentation', () => {
  it('documents every exported symbol of lib/ and the public members of exported classes and interfaces', () => {
    expect(files(LIB).flatMap(undocumented)).toEqual([]);
  });
});
