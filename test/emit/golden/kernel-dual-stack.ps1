# SegPlan Windows Defender Firewall (PowerShell) for plan 'Kernel test: IPv4, IPv6 and temporary rules' (kernel-dual-stack.segplan)
# Generated from the allow rules of the plan: regenerate instead of editing by hand.
# Run on each Windows host as administrator: .\segplan-rules.ps1 -SegPlanHost <instance name in the plan>
# Hosts whose OS the plan leaves open are in the Linux host targets; write os windows to have them here.
#Requires -RunAsAdministrator
param(
    [Parameter(Mandatory = $true)]
    [ValidateSet('proxy')]
    [string] $SegPlanHost
)
$ErrorActionPreference = 'Stop'
$Group = 'SegPlan Kernel test: IPv4, IPv6 and temporary rules 8f1aa1d838'
# Safe to re-run: the rules of exactly this group (compared as text, never as a wildcard pattern)
# from an earlier run are removed first.
Get-NetFirewallRule -All | Where-Object { $_.Group -ceq $Group } | Remove-NetFirewallRule

if ($SegPlanHost -eq 'proxy') {
    # proxy.h-1294ad87 zone mgmt to prod: vbr to proxy tcp 135, 137-139, 445, 2500-3300, 6160, 6162
    # Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment); Veeam Installer Service; Veeam Data Mover (Transport Service); Data transmission channels (one port per task)
    # Vendor: veeam
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 2
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 1
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section Key Takeaways
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 2
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 3
    # Plan: Component deployment
    # Plan: Backup server manages the proxy
    # From kernel-dual-stack.segplan
    New-NetFirewallRule -Name 'SegPlan-proxy-h-1294ad87' -DisplayName 'SegPlan proxy.h-1294ad87 tcp 135 137-139 445 2500-3300 6160 6162' -Description 'RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1 ...)' -Group $Group -Direction Inbound -Action Allow -Profile Any -Enabled True -Protocol TCP -LocalPort @('135', '137-139', '445', '2500-3300', '6160', '6162') -LocalAddress @('10.61.3.30/32', 'fd61:3::30/128') -RemoteAddress @('10.61.1.10/32', 'fd61:1::10/128') | Out-Null
    # proxy.h-cd65efc7 zone mgmt to prod: vbr to proxy udp 135, 137-139, 445
    # Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
    # Vendor: veeam
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
    # Plan: Component deployment
    # From kernel-dual-stack.segplan
    New-NetFirewallRule -Name 'SegPlan-proxy-h-cd65efc7' -DisplayName 'SegPlan proxy.h-cd65efc7 udp 135 137-139 445' -Description 'RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)' -Group $Group -Direction Inbound -Action Allow -Profile Any -Enabled True -Protocol UDP -LocalPort @('135', '137-139', '445') -LocalAddress @('10.61.3.30/32', 'fd61:3::30/128') -RemoteAddress @('10.61.1.10/32', 'fd61:1::10/128') | Out-Null
    # proxy.h-2f2d1183 zone mgmt to prod: net-10-61-1-0-28, net-fd61-1-124 to proxy tcp 6162
    # Purpose: Veeam Data Mover (Transport Service)
    # Vendor: veeam
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
    # Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 2
    # Plan: Bare addresses: the first management block to the proxy s own addresses
    # From kernel-dual-stack.segplan
    New-NetFirewallRule -Name 'SegPlan-proxy-h-2f2d1183' -DisplayName 'SegPlan proxy.h-2f2d1183 tcp 6162' -Description 'Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)' -Group $Group -Direction Inbound -Action Allow -Profile Any -Enabled True -Protocol TCP -LocalPort @('6162') -LocalAddress @('10.61.3.30/32', 'fd61:3::30/128') -RemoteAddress @('10.61.1.0/28', 'fd61:1::/124') | Out-Null
}
