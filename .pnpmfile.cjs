// better-sqlite3 builds from source here (its prebuilt download is unreachable); point node-gyp at the
// Node headers the machine already has so it does not try to download them either.
const fs = require('node:fs');
const path = require('node:path');

const nodePrefix = path.resolve(path.dirname(process.execPath), '..');
const hasLocalHeaders = fs.existsSync(path.join(nodePrefix, 'include', 'node', 'node_version.h'));

module.exports = {
  hooks: {
    updateConfig(config) {
      if (!hasLocalHeaders || process.env.npm_config_nodedir) return config;
      config.extraEnv = { ...config.extraEnv, npm_config_nodedir: nodePrefix };
      return config;
    },
  },
};
