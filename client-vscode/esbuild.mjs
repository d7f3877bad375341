// Bundles the extension into dist/extension.js (CommonJS for VS Code's extension host; `vscode` stays external).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const options = {
  entryPoints: ['src/extension.ts'],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  outfile: 'dist/extension.js',
  external: ['vscode'],
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  plugins: watch
    ? [
        {
          // Lines the VS Code watch task's problem matcher waits for.
          name: 'watch-markers',
          setup(build) {
            build.onStart(() => console.log('[watch] build started'));
            build.onEnd(() => console.log('[watch] build finished'));
          },
        },
      ]
    : [],
};

if (watch) {
  const context = await esbuild.context(options);
  await context.watch();
} else {
  await esbuild.build(options);
}
