// How a policy page links to its code. The rule: the policies in features/<domain>/ link to every *.service.ts
// under src/<domain>/, its subfolders included (the catalog's product sheets: src/catalog/import/import.service.ts).
// TypeDoc documents src/ module by module (entryPointStrategy "expand", docs/docusaurus.config.ts) and names each
// module by its path under src/ without ".ts": src/catalog/import/import.service.ts is <apiBase>/catalog/import/import.service.
import { existsSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';

export interface ServiceLinkOptions {
  /** Where TypeDoc's pages live on the site (`/api`); no links without it. */
  apiBase?: string | undefined;
  /** Only these domains' pages link to their code (default: every domain). */
  apiDomains?: readonly string[] | undefined;
}

/** The service modules of a domain, as TypeDoc names them (`catalog/import/import.service`): its own service first. */
export function serviceModules(root: string, domain: string): string[] {
  const folder = join(root, 'src', domain);
  if (!/^[\w-]+$/.test(domain) || !existsSync(folder)) return [];
  const modules = readdirSync(folder, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.service.ts'))
    .map((file) => `${domain}/${file.split(sep).join('/').replace(/\.ts$/, '')}`);
  const own = `${domain}/${domain}.service`;
  return modules.sort((a, b) => Number(b === own) - Number(a === own) || a.localeCompare(b));
}

/** The links of a policy page of `domain` to its service code; the first is labelled with its whole path. */
export function serviceLinks(
  options: ServiceLinkOptions,
  root: string,
  domain: string | undefined,
): { label: string; link: string }[] {
  if (!options.apiBase || !domain || (options.apiDomains && !options.apiDomains.includes(domain))) return [];
  const base = options.apiBase.replace(/\/$/, '');
  return serviceModules(root, domain).map((module, index) => ({
    label: index === 0 ? `${base}/${module}` : module.slice(domain.length + 1),
    link: `${base}/${module}`,
  }));
}
