# SegPlan Windows Defender Firewall (PowerShell) for plan 'Mixed endpoints: host names, zones, any, IPv6, temporary rules' (mixed-endpoints.segplan)
# Generated from the allow rules of the plan: regenerate instead of editing by hand.
# WARNING: the plan has 1 error(s); these rules were generated anyway on request and may be incomplete or wrong:
#   - mixed-endpoints.segplan:35: outside to gw exposes tcp 6180 to the internet, but the vendors mark no such flow internet-facing. Only ports such as Veeam Cloud Connect s 6180 should face the internet.
# Left out:
#   - Instance agent has no address in the plan: rules naming it are emitted without it (give it one with at address ).
#   - vbr.h-a61ac1ec (zone prod to mgmt, tcp 6162) not emitted: no source with an IP address left
# Run on each Windows host as administrator: .\segplan-rules.ps1 -SegPlanHost <instance name in the plan>
# Hosts whose OS the plan leaves open are in the Linux host targets; write os windows to have them here.
#Requires -RunAsAdministrator
param(
    [Parameter(Mandatory = $true)]
    [ValidateSet('vbr')]
    [string] $SegPlanHost
)
$ErrorActionPreference = 'Stop'
$Group = 'SegPlan Mixed endpoints: host names, zones, any, IPv6, temporary rules 799541a379'
# Safe to re-run: the rules of exactly this group (compared as text, never as a wildcard pattern)
# from an earlier run are removed first.
Get-NetFirewallRule -All | Where-Object { $_.Group -ceq $Group } | Remove-NetFirewallRule

if ($SegPlanHost -eq 'vbr') {
    # vbr.h-b64f63f1 zone mgmt to mgmt: console to vbr tcp 443, 9419
    # Purpose: Web UI (v13); REST API and Swagger UI
    # Vendor: veeam
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 7
    # From mixed-endpoints.segplan
    New-NetFirewallRule -Name 'SegPlan-vbr-h-b64f63f1' -DisplayName 'SegPlan vbr.h-b64f63f1 tcp 443 9419' -Description 'Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6 ...)' -Group $Group -Direction Inbound -Action Allow -Profile Any -Enabled True -Protocol TCP -LocalPort @('443', '9419') -LocalAddress @('10.70.1.10/32', 'fd70:1::10/128') -RemoteAddress @('10.70.1.50/32') | Out-Null
    # vbr.h-a61ac1ec zone prod to mgmt: agent to vbr tcp 6162
    # Purpose: Management communication
    # Vendor: veeam
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 11. Agent Management row 3
    # Plan: Agents report to the backup server
    # From mixed-endpoints.segplan
    # NOT EMITTED: no source with an IP address left
    # vbr.h-19ff50ad zone dmz to mgmt: gw to vbr tcp 6162
    # Purpose: Data Mover to internal infrastructure
    # Vendor: veeam
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2
    # From mixed-endpoints.segplan
    New-NetFirewallRule -Name 'SegPlan-vbr-h-19ff50ad' -DisplayName 'SegPlan vbr.h-19ff50ad tcp 6162' -Description 'Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2)' -Group $Group -Direction Inbound -Action Allow -Profile Any -Enabled True -Protocol TCP -LocalPort @('6162') -LocalAddress @('10.70.1.10/32', 'fd70:1::10/128') -RemoteAddress @('192.0.2.10/32', '2001:db8:70::10/128') | Out-Null
    # vbr.h-971bbcf4 zone mgmt to mgmt: console to vbr tcp 443, 9419
    # Purpose: Web UI (v13); REST API and Swagger UI
    # Vendor: veeam
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 7
    # Same-zone flow: no network firewall sees it, only the host firewall
    New-NetFirewallRule -Name 'SegPlan-vbr-h-971bbcf4' -DisplayName 'SegPlan vbr.h-971bbcf4 tcp 443 9419' -Description 'Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6 ...)' -Group $Group -Direction Inbound -Action Allow -Profile Any -Enabled True -Protocol TCP -LocalPort @('443', '9419') -LocalAddress @('10.70.1.10/32', 'fd70:1::10/128') -RemoteAddress @('10.70.1.50/32') | Out-Null
}
