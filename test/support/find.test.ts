import { findAll, findObject } from './find';

const objects = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'a' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config', namespace: 'b' } },
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'app', namespace: 'a' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
];

describe('findObject', () => {
  it('returns the object of that kind and name', () => {
    expect(findObject(objects, 'Service', 'app')).toBe(objects[2]);
  });

  it('returns the object in the given namespace', () => {
    expect(findObject(objects, 'ConfigMap', 'config', 'b')).toBe(objects[1]);
  });

  it('throws listing the objects of that kind when the name is not there', () => {
    expect(() => findObject(objects, 'ConfigMap', 'settings')).toThrow(
      'findObject: no ConfigMap settings among 4 objects. ConfigMap objects: ConfigMap a/config, ConfigMap b/config.');
  });

  it('throws listing every object when the kind is not there', () => {
    expect(() => findObject(objects, 'Deployment', 'app', 'a')).toThrow(
      'findObject: no Deployment a/app among 4 objects. Available: ConfigMap a/config, ConfigMap b/config, Service a/app, Namespace a.');
  });

  it('throws when several namespaces hold the name and no namespace is given', () => {
    expect(() => findObject(objects, 'ConfigMap', 'config')).toThrow(
      'findObject: 2 objects match ConfigMap config: ConfigMap a/config, ConfigMap b/config; pass the namespace.');
  });
});

describe('findAll', () => {
  it('returns every object of the kind, in order', () => {
    expect(findAll(objects, 'ConfigMap')).toEqual([objects[0], objects[1]]);
    expect(findAll(objects, 'Deployment')).toEqual([]);
  });
});
