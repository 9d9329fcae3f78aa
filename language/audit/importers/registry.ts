import { awsSecurityGroupsImporter } from './aws-security-groups.js';
import { awsTerraformImporter } from './aws-terraform.js';
import { azureNsgImporter } from './azure-nsg.js';
import { azureTerraformImporter } from './azure-terraform.js';
import { changeRequestCsvImporter } from './change-request-csv.js';
import { changeRequestMarkdownImporter } from './change-request-markdown.js';
import { ciscoAsaImporter } from './cisco-asa.js';
import { fortigateImporter } from './fortigate.js';
import type { ConfigImporter } from './importer.js';
import { ip6tablesSaveImporter, iptablesSaveImporter } from './iptables-save.js';
import { nftablesImporter } from './nftables.js';
import { panosImporter } from './panos.js';
import { windowsFirewallImporter } from './windows-firewall.js';

/** Every configuration format the audit reads, in the order detection tries them. */
export const IMPORTERS: readonly ConfigImporter[] = [
    nftablesImporter, iptablesSaveImporter, ip6tablesSaveImporter, ciscoAsaImporter, panosImporter, fortigateImporter, awsSecurityGroupsImporter, azureNsgImporter,
    changeRequestCsvImporter, changeRequestMarkdownImporter, windowsFirewallImporter, awsTerraformImporter, azureTerraformImporter
];

export function findImporter(id: string): ConfigImporter | undefined {
    return IMPORTERS.find(i => i.id === id);
}

/** The importer whose format the text looks like, if exactly one does. */
export function detectImporter(text: string): ConfigImporter | undefined {
    return IMPORTERS.find(i => i.detect(text));
}
