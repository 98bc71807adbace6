/**
 * The benchmark's generated accounts must stay valid as the config rules move (a Kubernetes
 * version leaving standard support once broke `npm run bench` with no test noticing).
 */
import { validateAccount } from '../../lib/config';
import { largeAccount } from '../../bench/large-account';

it.each([[5, 30], [50, 300], [200, 1200]])('generates a valid account of %i node groups and %i identities', (nodeGroups, identities) => {
  expect(validateAccount(largeAccount({ nodeGroups, identities }))).toEqual([]);
});
