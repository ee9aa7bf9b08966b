/**
 * Workflow artifacts through @actions/artifact (the runner's artifact service, v4): the check
 * action publishes its report with it, the report action lists and downloads every y2038
 * report of the workflow run.
 */
import { DefaultArtifactClient } from '@actions/artifact'

export interface ArtifactEntry {
  name: string
  id: number
}

export interface ArtifactService {
  upload(name: string, files: string[], rootDirectory: string): Promise<void>
  /** The artifacts of this workflow run, the latest of each name. */
  list(): Promise<ArtifactEntry[]>
  /** Unpacks the artifact into `directory`. */
  download(id: number, directory: string): Promise<void>
}

/**
 * Why the artifact service cannot be used in this environment (the step does not run in a
 * GitHub Actions job that has it), or undefined when it can be tried.
 */
export function artifactServiceMissing(env: NodeJS.ProcessEnv): string | undefined {
  const missing = ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_RESULTS_URL'].filter((name) => !env[name])
  return missing.length > 0 ? `${missing.join(' and ')} not set: not a GitHub Actions job` : undefined
}

export function actionsArtifactService(): ArtifactService {
  const client = new DefaultArtifactClient()
  return {
    async upload(name, files, rootDirectory) {
      await client.uploadArtifact(name, files, rootDirectory, { compressionLevel: 6 })
    },
    async list() {
      const { artifacts } = await client.listArtifacts({ latest: true })
      return artifacts.map((a) => ({ name: a.name, id: a.id }))
    },
    async download(id, directory) {
      await client.downloadArtifact(id, { path: directory })
    },
  }
}
