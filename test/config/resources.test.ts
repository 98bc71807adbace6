import { ProblemCollector } from '../../lib/config/problems';
import {
  checkInteger, isStorageClassName, validateContainerResources, withResourceDefaults, type ContainerResources, type IntegerRange,
} from '../../lib/config/resources';

function check(value: unknown, range: IntegerRange): { valid: boolean; problems: { path: string; message: string }[] } {
  const problems = new ProblemCollector();
  const valid = checkInteger(value, range, 'addons.x.field', problems);
  return { valid, problems: [...problems.problems] };
}

function resourceProblems(resources: ContainerResources, defaults?: { cpuMillicores: number; memoryMiB: number }): string[] {
  const problems = new ProblemCollector();
  validateContainerResources(resources, 'addons.x.resources', problems, defaults);
  return problems.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('checkInteger', () => {
  it('accepts a whole number within the range, bounds included, and says so', () => {
    expect(check(1, { min: 1, max: 3 })).toEqual({ valid: true, problems: [] });
    expect(check(3, { min: 1, max: 3 })).toEqual({ valid: true, problems: [] });
    expect(check(1e9, { min: 1 })).toEqual({ valid: true, problems: [] });
  });

  it('reports nothing for an unset value, and says it is not a valid set value', () => {
    expect(check(undefined, { min: 1, max: 3 })).toEqual({ valid: false, problems: [] });
  });

  it.each<[string, unknown, IntegerRange, string]>([
    ['a value above the maximum', 4, { min: 1, max: 3 }, 'must be a whole number from 1 to 3, got 4.'],
    ['a fraction', 1.5, { min: 1, max: 3 }, 'must be a whole number from 1 to 3, got 1.5.'],
    ['a numeric string', '2', { min: 1, max: 3 }, "must be a whole number from 1 to 3, got '2'."],
    ['NaN', Number.NaN, { min: 1, max: 3 }, 'must be a whole number from 1 to 3, got null.'],
    ['a value below an open-ended range', 0, { min: 1 }, 'must be a whole number of at least 1, got 0.'],
    ['a value with its unit', 5, { min: 10, unit: 'millicores' }, 'must be a whole number of millicores of at least 10, got 5.'],
    ['a value with the reason for the bounds', 0, { min: 1, max: 1440, why: 'at most one day' }, 'must be a whole number from 1 to 1440 (at most one day), got 0.'],
  ])('rejects %s, naming the rule and the value', (_what, value, range, message) => {
    expect(check(value, range)).toEqual({ valid: false, problems: [{ path: 'addons.x.field', message }] });
  });
});

describe('validateContainerResources', () => {
  it('accepts every field unset, and a limit at or above the request', () => {
    expect(resourceProblems({})).toEqual([]);
    expect(resourceProblems({ cpuMillicores: 500, cpuLimitMillicores: 500, memoryMiB: 1024 })).toEqual([]);
  });

  it('rejects a CPU limit below the CPU request', () => {
    expect(resourceProblems({ cpuMillicores: 500, cpuLimitMillicores: 200 })).toEqual([
      'addons.x.resources.cpuLimitMillicores: must be at least cpuMillicores (500), got 200.',
    ]);
  });

  it('rejects a CPU limit below the default request when no request is given, and only when told the default', () => {
    expect(resourceProblems({ cpuLimitMillicores: 200 }, { cpuMillicores: 250, memoryMiB: 512 })).toEqual([
      'addons.x.resources.cpuLimitMillicores: must be at least the default CPU request (250), got 200; set cpuMillicores too to request less.',
    ]);
    expect(resourceProblems({ cpuLimitMillicores: 250 }, { cpuMillicores: 250, memoryMiB: 512 })).toEqual([]);
    expect(resourceProblems({ cpuLimitMillicores: 200 })).toEqual([]);
  });

  it('rejects out-of-range requests and limits, each under its own path', () => {
    expect(resourceProblems({ cpuMillicores: 0, memoryMiB: 8, cpuLimitMillicores: 300000 })).toEqual([
      'addons.x.resources.cpuMillicores: must be a whole number from 1 to 256000, got 0.',
      'addons.x.resources.memoryMiB: must be a whole number from 16 to 1048576, got 8.',
      'addons.x.resources.cpuLimitMillicores: must be a whole number from 1 to 256000, got 300000.',
    ]);
  });
});

describe('withResourceDefaults', () => {
  const defaults = { cpuMillicores: 100, memoryMiB: 384 };

  it('fills in the CPU request and memory, and adds no CPU limit', () => {
    expect(withResourceDefaults(undefined, defaults)).toEqual({ cpuMillicores: 100, memoryMiB: 384 });
    expect(withResourceDefaults({ memoryMiB: 1024 }, defaults)).toEqual({ cpuMillicores: 100, memoryMiB: 1024 });
  });

  it('keeps a CPU limit that is set', () => {
    expect(withResourceDefaults({ cpuLimitMillicores: 2000 }, defaults)).toEqual({ cpuMillicores: 100, memoryMiB: 384, cpuLimitMillicores: 2000 });
  });
});

describe('isStorageClassName', () => {
  it('accepts lower-case DNS-1123 subdomains of at most 253 characters', () => {
    expect(['gp3', 'gp3-encrypted', 'ebs.csi.aws.com', 'a'.repeat(253)].map(isStorageClassName)).toEqual([true, true, true, true]);
  });

  it('rejects upper case, underscores, edge dashes, over-long names and non-strings', () => {
    expect(['GP3', 'gp3_encrypted', '-gp3', 'gp3-', 'a'.repeat(254), '', 3].map(isStorageClassName)).toEqual([false, false, false, false, false, false, false]);
  });
});
