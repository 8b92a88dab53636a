// The tool version for reports and `--version`, read from package.json at bundle time (ncc inlines
// the JSON), so a release needs one version bump only.
import pkg from '../../package.json' with { type: 'json' };

export const TOOL_VERSION: string = pkg.version;
