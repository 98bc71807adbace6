import { planText } from '../../stacks/plan';

describe('npm run plan --all-phases', () => {
  const text = planText(['production', '--all-phases']);

  it('prints the rollback of every step that has one, with the config that selects it', () => {
    expect(text.split('\n').filter((l) => l.includes('ollback'))).toEqual([
      "  Rollback of step 1: 'surge' -> 'dedicated' (set phase: 'dedicated', previousPhase: 'surge')",
      "  Rollback of step 2: 'drain' -> 'surge' (set phase: 'surge', previousPhase: 'drain')",
      "  No rollback of step 3: 'shared' is final.",
      '  Rollback and retry (capacity and AZs checked at every moment of every step):',
    ]);
  });

  it('prints what pulumi up changes when rolling back the surge', () => {
    const rollback = text.slice(text.indexOf('Rollback of step 1'), text.indexOf('Step 2 of 3'));
    expect(rollback).toContain('pulumi up (surge -> dedicated) will:\n    - delete node group general-shared');
  });
});
