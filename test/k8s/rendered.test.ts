import { ApiObject, Testing } from 'cdk8s';
import { renderedJson, withRenderedObjects } from '../../lib/k8s/rendered';

function configMap(): ApiObject {
  return new ApiObject(Testing.chart(), 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { a: '1' } });
}

describe('renderedJson', () => {
  it('renders an object once inside withRenderedObjects', () => {
    const cm = configMap();
    const toJson = jest.spyOn(cm, 'toJson');
    const [first, second] = withRenderedObjects(() => [renderedJson(cm), renderedJson(cm)]);
    expect({ calls: toJson.mock.calls.length, same: first === second, data: first.data }).toEqual({ calls: 1, same: true, data: { a: '1' } });
  });

  it('renders again outside, so a later change shows', () => {
    const cm = configMap();
    withRenderedObjects(() => renderedJson(cm));
    cm.metadata.addLabel('x', 'y');
    expect(renderedJson(cm).metadata.labels).toEqual({ x: 'y' });
  });

  it('ends the scope when the function throws', () => {
    const cm = configMap();
    expect(() => withRenderedObjects(() => {
      renderedJson(cm);
      throw new Error('boom');
    })).toThrow('boom');
    cm.metadata.addLabel('after', 'throw');
    expect(renderedJson(cm).metadata.labels).toEqual({ after: 'throw' });
  });
});
