/**
 * The one place the Argo Workflows release is pinned.
 *
 * v4.1.1 is the newest stable release (argo-helm chart argo-workflows-2.0.1, "Update dependency
 * argoproj/argo-workflows to v4.1.1", argoproj/argo-helm#4020; the 4.0 line started 2026-02-04
 * per the project's CHANGELOG.md). Argo 4 removed what 3.6 deprecated
 * (docs/deprecations.md of release-3.6): CronWorkflow `spec.schedule` (use `schedules`),
 * `synchronization.mutex` and `synchronization.semaphore` (use `mutexes`, `semaphores`) and
 * `podPriority` (argoproj/argo-workflows#14977 "Remove deprecated singular CRD entries",
 * closed as completed; argoproj-labs/hera#1586 "v4 removed spec.schedule"). The schema models
 * of `@kubernetes-models/argo-workflows` 2.0.0, generated from
 * `github.com/argoproj/argo-workflows/v4`, have only the plural fields, and the tests check
 * every emitted object against them.
 */

/** Argo Workflows release (image tag). */
export const ARGO_VERSION = 'v4.1.1';
/** workflow-controller image (quay.io, the registry upstream's install manifests use). */
export const ARGO_CONTROLLER_IMAGE = `quay.io/argoproj/workflow-controller:${ARGO_VERSION}`;
/** argo-server image (`argocli`, run as `argo server`). */
export const ARGO_SERVER_IMAGE = `quay.io/argoproj/argocli:${ARGO_VERSION}`;
/** Executor image (`argoexec`) of every workflow pod's init and wait containers. */
export const ARGO_EXECUTOR_IMAGE = `quay.io/argoproj/argoexec:${ARGO_VERSION}`;
/** uid the argoproj images run as (their Dockerfiles' `USER 8737`). */
export const ARGO_UID = 8737;
/**
 * Image of the library's own exit-handler steps (outcome and webhook, both small Node scripts):
 * the Docker official `node` image, Node 22 LTS on Alpine, pinned by full version. Its `node`
 * user is uid 1000.
 */
export const ARGO_HANDLER_IMAGE = 'node:22.20.0-alpine3.22';
/** uid the handler steps run as (the `node` user of the image). */
export const ARGO_HANDLER_UID = 1000;
