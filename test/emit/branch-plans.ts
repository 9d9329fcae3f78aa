/** A small branch plan (the re-apply tests' first version), and the same with denies in two versions. */

/** The allow rules alone. */
export const BRANCH = `plan "Branch"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
esx : vmware.EsxiHost in prod at 10.20.1.0/28
proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere
allow vbr -> proxy tcp 6160, 6162, 2500-3300
allow vbr -> esx tcp 443
allow proxy -> esx tcp 443, 902
`;

/** Version 1: two denies, one from a zone, one from any address (every zone's list carries it). */
export const V1 = `${BRANCH}deny prod -> backup any "Production never reaches the backup zone"
deny any -> vbr tcp 22 "No SSH to the backup server"
`;

/** Version 2: the zone deny removed. */
export const V2 = `${BRANCH}deny any -> vbr tcp 22 "No SSH to the backup server"
`;
