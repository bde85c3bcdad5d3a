/** Regenerates local.settings.sample.json from src/config/settings.ts (a test keeps them equal). */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderSettingsSample } from '../src/config/settingsSample';

writeFileSync(path.resolve(__dirname, '..', 'local.settings.sample.json'), renderSettingsSample());
console.log('local.settings.sample.json written');
