# SegPlan Azure network security groups (Terraform) for plan 'Mixed endpoints: host names, zones, any, IPv6, temporary rules' (mixed-endpoints.segplan)
# Generated from the allow rules of the plan: regenerate instead of editing by hand.
# WARNING: the plan has 1 error(s); these rules were generated anyway on request and may be incomplete or wrong:
#   - mixed-endpoints.segplan:35: outside to gw exposes tcp 6180 to the internet, but the vendors mark no such flow internet-facing. Only ports such as Veeam Cloud Connect s 6180 should face the internet.
# Left out:
#   - Instance agent has no address in the plan: rules naming it are emitted without it (give it one with at address ).
#   - r-0828c16d (zone mgmt to backup, tcp 22) is temporary until 2031-06-30 (end of that day, UTC). Azure cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)
#   - r-fe344223: repo2 is given by host name (repo2.backup.example.com), which an Azure network security group cannot match (a service tag such as AzureCloud or Storage allows far more): left out. Allow it with Azure Firewall FQDN rules, or give it addresses in the plan.
#   - r-fe344223 (zone mgmt to backup, tcp 135, 137-139, 445, 2500-3300, 6160, 6162) not emitted: its only source or destination is given by host name, which a network security group cannot match
#   - r-86841e24: repo2 is given by host name (repo2.backup.example.com), which an Azure network security group cannot match (a service tag such as AzureCloud or Storage allows far more): left out. Allow it with Azure Firewall FQDN rules, or give it addresses in the plan.
#   - r-86841e24 (zone mgmt to backup, udp 135, 137-139, 445) not emitted: its only source or destination is given by host name, which a network security group cannot match
#   - r-b1c2c4e5 (zone mgmt to backup, tcp 6162) is temporary until 2030-01-01 (end of that day, UTC). Azure cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)
#   - r-7183dc50 (zone mgmt to prod, tcp 22, 6160) not emitted: no source or destination with an IP address left
#   - r-a61ac1ec (zone prod to mgmt, tcp 6162) not emitted: no source or destination with an IP address left
#   - r-e3d4eb01: repo2 is given by host name (repo2.backup.example.com), which an Azure network security group cannot match (a service tag such as AzureCloud or Storage allows far more): left out. Allow it with Azure Firewall FQDN rules, or give it addresses in the plan.
#   - r-c306a96a: repo2 is given by host name (repo2.backup.example.com), which an Azure network security group cannot match (a service tag such as AzureCloud or Storage allows far more): left out. Allow it with Azure Firewall FQDN rules, or give it addresses in the plan.
#   - r-b93149b2: repo2 is given by host name (repo2.backup.example.com), which an Azure network security group cannot match (a service tag such as AzureCloud or Storage allows far more): left out. Allow it with Azure Firewall FQDN rules, or give it addresses in the plan.
# Associate each network security group with the subnet of the zone it is named after. Each ends in a
# deny of all traffic each way that the plan does not allow, Azure load balancer health probes
# included: allow them in the plan (from an internet zone) where a load balancer fronts a zone.

variable "resource_group_name" {
  type = string
}

variable "location" {
  type = string
}

resource "azurerm_network_security_group" "segplan_mgmt" {
  name                = "segplan-mgmt"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags = { SegPlanZone = "mgmt" }
}

resource "azurerm_network_security_group" "segplan_backup" {
  name                = "segplan-backup"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags = { SegPlanZone = "backup" }
}

resource "azurerm_network_security_group" "segplan_prod" {
  name                = "segplan-prod"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags = { SegPlanZone = "prod" }
}

resource "azurerm_network_security_group" "segplan_dmz" {
  name                = "segplan-dmz"
  location            = var.location
  resource_group_name = var.resource_group_name
  tags = { SegPlanZone = "dmz" }
}

# r-b64f63f1 zone mgmt to mgmt: console to vbr tcp 443, 9419
#   Purpose: Web UI (v13); REST API and Swagger UI
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 7
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_mgmt_r-b64f63f1_v4" {
  name                        = "segplan-r-b64f63f1-v4"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443", "9419"]
  source_address_prefixes     = ["10.70.1.50/32"]
  destination_address_prefixes = ["10.70.1.10/32"]
  description                 = "Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Ser..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-b64f63f1_out_v4" {
  name                        = "segplan-r-b64f63f1-out-v4"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443", "9419"]
  source_address_prefixes     = ["10.70.1.50/32"]
  destination_address_prefixes = ["10.70.1.10/32"]
  description                 = "Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Ser..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-2521a969 zone mgmt to backup: vbr to repo tcp 2500-3300, 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management); Data transmission channels (one port per task)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Plan: Backup server to the hardened repository
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-2521a969_v4" {
  name                        = "segplan-r-2521a969-v4"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300", "6162"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-2521a969_out_v4" {
  name                        = "segplan-r-2521a969-out-v4"
  priority                    = 101
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300", "6162"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-0828c16d zone mgmt to backup: vbr to repo tcp 22
#   Purpose: SSH (initial deployment only, disable after for hardened)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4
#   Plan: SSH while the repository is set up
#   TEMPORARY: allowed until 2031-06-30 (through the end of that day, UTC), then expires
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-0828c16d_v4" {
  count = timecmp(plantimestamp(), "2031-07-01T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-0828c16d-v4"
  priority                    = 101
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "TEMPORARY until 2031-06-30: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall R..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-0828c16d_out_v4" {
  count = timecmp(plantimestamp(), "2031-07-01T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-0828c16d-out-v4"
  priority                    = 102
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "TEMPORARY until 2031-06-30: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall R..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-fe344223 zone mgmt to backup: vbr to repo2 tcp 135, 137-139, 445, 2500-3300, 6160, 6162
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment); Veeam Installer Service; Veeam Data Mover (Transport Service); Veeam Data Mover (management); Data transmission channels (one port per task)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 2
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Plan: Windows repository by host name
#   From mixed-endpoints.segplan
# NOT EMITTED: its only source or destination is given by host name, which a network security group cannot match

# r-86841e24 zone mgmt to backup: vbr to repo2 udp 135, 137-139, 445
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   From mixed-endpoints.segplan
# NOT EMITTED: its only source or destination is given by host name, which a network security group cannot match

# r-b1c2c4e5 zone mgmt to backup: mgmt to backup tcp 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Plan: Whole management zone to storage (temporary)
#   TEMPORARY: allowed until 2030-01-01 (through the end of that day, UTC), then expires
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-b1c2c4e5_v4" {
  count = timecmp(plantimestamp(), "2030-01-02T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-b1c2c4e5-v4"
  priority                    = 102
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["10.70.1.0/24"]
  destination_address_prefixes = ["10.70.2.0/24", "10.70.12.0/25"]
  description                 = "TEMPORARY until 2030-01-01: Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation:..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-b1c2c4e5_out_v4" {
  count = timecmp(plantimestamp(), "2030-01-02T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-b1c2c4e5-out-v4"
  priority                    = 103
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["10.70.1.0/24"]
  destination_address_prefixes = ["10.70.2.0/24", "10.70.12.0/25"]
  description                 = "TEMPORARY until 2030-01-01: Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation:..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-7334b81d zone mgmt to backup: net-10-70-1-0-28, net-fd70-1-120 to net-10-70-2-20 tcp 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Plan: Bare addresses: a management block to the repository s own address
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-7334b81d_v4" {
  name                        = "segplan-r-7334b81d-v4"
  priority                    = 103
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["10.70.1.0/28"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Co..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-7334b81d_out_v4" {
  name                        = "segplan-r-7334b81d-out-v4"
  priority                    = 104
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["10.70.1.0/28"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Co..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-a9d28541 zone mgmt to prod: vbr to proxy tcp 22, 2500-3300, 6160, 6162
#   Purpose: Veeam Data Mover (Transport Service); Data transmission channels (one port per task); SSH (initial deployment and configuration changes)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 2
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 5
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_prod_r-a9d28541_v4" {
  name                        = "segplan-r-a9d28541-v4"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["10.70.3.30/31", "10.70.3.32/31"]
  description                 = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-a9d28541_v6" {
  name                        = "segplan-r-a9d28541-v6"
  priority                    = 101
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["fd70:1::10/128"]
  destination_address_prefixes = ["fd70:3::30/128"]
  description                 = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-a9d28541_out_v4" {
  name                        = "segplan-r-a9d28541-out-v4"
  priority                    = 105
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["10.70.3.30/31", "10.70.3.32/31"]
  description                 = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-a9d28541_out_v6" {
  name                        = "segplan-r-a9d28541-out-v6"
  priority                    = 106
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["fd70:1::10/128"]
  destination_address_prefixes = ["fd70:3::30/128"]
  description                 = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-7183dc50 zone mgmt to prod: vbr to agent tcp 22, 6160
#   Purpose: Veeam Installer Service (push deployment); SSH (push deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 11. Agent Management row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 11. Agent Management row 2
#   From mixed-endpoints.segplan
# NOT EMITTED: no source or destination with an IP address left

# r-b6a6a9e6 zone mgmt to dmz: vbr to gw tcp 22, 135, 137-139, 445, 2500-3300, 6160, 6162
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment); Veeam Installer Service; Veeam Data Mover (Transport Service); Data transmission channels (one port per task); SSH (initial deployment and configuration changes)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 2
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 5
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_dmz_r-b6a6a9e6_v4" {
  name                        = "segplan-r-b6a6a9e6-v4"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["192.0.2.10/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}
resource "azurerm_network_security_rule" "segplan_dmz_r-b6a6a9e6_v6" {
  name                        = "segplan-r-b6a6a9e6-v6"
  priority                    = 101
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["fd70:1::10/128"]
  destination_address_prefixes = ["2001:db8:70::10/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-b6a6a9e6_out_v4" {
  name                        = "segplan-r-b6a6a9e6-out-v4"
  priority                    = 107
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["192.0.2.10/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-b6a6a9e6_out_v6" {
  name                        = "segplan-r-b6a6a9e6-out-v6"
  priority                    = 108
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["fd70:1::10/128"]
  destination_address_prefixes = ["2001:db8:70::10/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-36903e18 zone mgmt to dmz: vbr to gw udp 135, 137-139, 445
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_dmz_r-36903e18_v4" {
  name                        = "segplan-r-36903e18-v4"
  priority                    = 102
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["192.0.2.10/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}
resource "azurerm_network_security_rule" "segplan_dmz_r-36903e18_v6" {
  name                        = "segplan-r-36903e18-v6"
  priority                    = 103
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["fd70:1::10/128"]
  destination_address_prefixes = ["2001:db8:70::10/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-36903e18_out_v4" {
  name                        = "segplan-r-36903e18-out-v4"
  priority                    = 109
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["10.70.1.10/32"]
  destination_address_prefixes = ["192.0.2.10/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-36903e18_out_v6" {
  name                        = "segplan-r-36903e18-out-v6"
  priority                    = 110
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["fd70:1::10/128"]
  destination_address_prefixes = ["2001:db8:70::10/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-f7f0c4c7 zone backup to outside: net-10-70-2-20 to net-198-51-100-7 tcp 443
#   Purpose: no required flow of the plan uses this rule
#   Plan: Capacity tier offload to one provider address on the internet
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-f7f0c4c7_out_v4" {
  name                        = "segplan-r-f7f0c4c7-out-v4"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443"]
  source_address_prefixes     = ["10.70.2.20/32"]
  destination_address_prefixes = ["198.51.100.7/32"]
  description                 = "Capacity tier offload to one provider address on the internet"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}

# r-fe3289d2 zone backup to any: repo to outside tcp 443
#   Purpose: no required flow of the plan uses this rule
#   Plan: Capacity tier offload
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-fe3289d2_out_v4" {
  name                        = "segplan-r-fe3289d2-out-v4"
  priority                    = 101
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["443"]
  source_address_prefixes     = ["10.70.2.20/32"]
  destination_address_prefixes = ["0.0.0.0/5", "8.0.0.0/7", "10.0.0.0/10", "10.64.0.0/14", "10.68.0.0/15", "10.70.0.0/24", "10.70.4.0/22", "10.70.8.0/22", "10.70.12.128/25", "10.70.13.0/24", "10.70.14.0/23", "10.70.16.0/20", "10.70.32.0/19", "10.70.64.0/18", "10.70.128.0/17", "10.71.0.0/16", "10.72.0.0/13", "10.80.0.0/12", "10.96.0.0/11", "10.128.0.0/9", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/23", "192.0.3.0/24", "192.0.4.0/22", "192.0.8.0/21", "192.0.16.0/20", "192.0.32.0/19", "192.0.64.0/18", "192.0.128.0/17", "192.1.0.0/16", "192.2.0.0/15", "192.4.0.0/14", "192.8.0.0/13", "192.16.0.0/12", "192.32.0.0/11", "192.64.0.0/10", "192.128.0.0/9", "193.0.0.0/8", "194.0.0.0/7", "196.0.0.0/6", "200.0.0.0/5", "208.0.0.0/4", "224.0.0.0/3"]
  description                 = "Capacity tier offload"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}

# r-a61ac1ec zone prod to mgmt: agent to vbr tcp 6162
#   Purpose: Management communication
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 11. Agent Management row 3
#   Plan: Agents report to the backup server
#   From mixed-endpoints.segplan
# NOT EMITTED: no source or destination with an IP address left

# r-e3d4eb01 zone prod to backup: proxy to repo, repo2 tcp 2500-3300
#   Purpose: Data transfer from proxy to repository
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 2
#   Plan: Backup data
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-e3d4eb01_v4" {
  name                        = "segplan-r-e3d4eb01-v4"
  priority                    = 104
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["10.70.3.30/31", "10.70.3.32/31"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Pro..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-e3d4eb01_out_v4" {
  name                        = "segplan-r-e3d4eb01-out-v4"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["10.70.3.30/31", "10.70.3.32/31"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Pro..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}

# r-c306a96a zone prod to backup: agent, proxy to repo, repo2 tcp 2500-3300
#   Purpose: Data transfer from proxy to repository; Backup data transfer
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 2
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 11. Agent Management row 4
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-c306a96a_v4" {
  name                        = "segplan-r-c306a96a-v4"
  priority                    = 105
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["10.70.3.30/31", "10.70.3.32/31"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Data transfer from proxy to repository / Backup data transfer [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-c306a96a_out_v4" {
  name                        = "segplan-r-c306a96a-out-v4"
  priority                    = 101
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["10.70.3.30/31", "10.70.3.32/31"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Data transfer from proxy to repository / Backup data transfer [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}

# r-19ff50ad zone dmz to mgmt: gw to vbr tcp 6162
#   Purpose: Data Mover to internal infrastructure
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_mgmt_r-19ff50ad_v4" {
  name                        = "segplan-r-19ff50ad-v4"
  priority                    = 101
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["192.0.2.10/32"]
  destination_address_prefixes = ["10.70.1.10/32"]
  description                 = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Conne..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-19ff50ad_v6" {
  name                        = "segplan-r-19ff50ad-v6"
  priority                    = 102
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["2001:db8:70::10/128"]
  destination_address_prefixes = ["fd70:1::10/128"]
  description                 = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Conne..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_dmz_r-19ff50ad_out_v4" {
  name                        = "segplan-r-19ff50ad-out-v4"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["192.0.2.10/32"]
  destination_address_prefixes = ["10.70.1.10/32"]
  description                 = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Conne..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}
resource "azurerm_network_security_rule" "segplan_dmz_r-19ff50ad_out_v6" {
  name                        = "segplan-r-19ff50ad-out-v6"
  priority                    = 101
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["2001:db8:70::10/128"]
  destination_address_prefixes = ["fd70:1::10/128"]
  description                 = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Conne..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}

# r-b93149b2 zone dmz to backup: gw to repo, repo2 tcp 2500-3300
#   Purpose: Data transfer to cloud repository
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 3
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-b93149b2_v4" {
  name                        = "segplan-r-b93149b2-v4"
  priority                    = 106
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["192.0.2.10/32"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Data transfer to cloud repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect G..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_dmz_r-b93149b2_out_v4" {
  name                        = "segplan-r-b93149b2-out-v4"
  priority                    = 102
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["192.0.2.10/32"]
  destination_address_prefixes = ["10.70.2.20/32"]
  description                 = "Data transfer to cloud repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect G..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}

# r-300302f9 zone any to dmz: outside to gw tcp 6180
#   Purpose: no required flow of the plan uses this rule
#   Plan: Tenants reach the Cloud Connect gateway
#   From mixed-endpoints.segplan
resource "azurerm_network_security_rule" "segplan_dmz_r-300302f9_v4" {
  name                        = "segplan-r-300302f9-v4"
  priority                    = 104
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6180"]
  source_address_prefixes     = ["0.0.0.0/5", "8.0.0.0/7", "10.0.0.0/10", "10.64.0.0/14", "10.68.0.0/15", "10.70.0.0/24", "10.70.4.0/22", "10.70.8.0/22", "10.70.12.128/25", "10.70.13.0/24", "10.70.14.0/23", "10.70.16.0/20", "10.70.32.0/19", "10.70.64.0/18", "10.70.128.0/17", "10.71.0.0/16", "10.72.0.0/13", "10.80.0.0/12", "10.96.0.0/11", "10.128.0.0/9", "11.0.0.0/8", "12.0.0.0/6", "16.0.0.0/4", "32.0.0.0/3", "64.0.0.0/2", "128.0.0.0/2", "192.0.0.0/23", "192.0.3.0/24", "192.0.4.0/22", "192.0.8.0/21", "192.0.16.0/20", "192.0.32.0/19", "192.0.64.0/18", "192.0.128.0/17", "192.1.0.0/16", "192.2.0.0/15", "192.4.0.0/14", "192.8.0.0/13", "192.16.0.0/12", "192.32.0.0/11", "192.64.0.0/10", "192.128.0.0/9", "193.0.0.0/8", "194.0.0.0/7", "196.0.0.0/6", "200.0.0.0/5", "208.0.0.0/4", "224.0.0.0/3"]
  destination_address_prefixes = ["192.0.2.10/32"]
  description                 = "Tenants reach the Cloud Connect gateway"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}
resource "azurerm_network_security_rule" "segplan_dmz_r-300302f9_v6" {
  name                        = "segplan-r-300302f9-v6"
  priority                    = 105
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6180"]
  source_address_prefixes     = ["::/3", "2000::/16", "2001::/21", "2001:800::/22", "2001:c00::/24", "2001:d00::/25", "2001:d80::/27", "2001:da0::/28", "2001:db0::/29", "2001:db8::/42", "2001:db8:40::/43", "2001:db8:60::/44", "2001:db8:70:1::/64", "2001:db8:70:2::/63", "2001:db8:70:4::/62", "2001:db8:70:8::/61", "2001:db8:70:10::/60", "2001:db8:70:20::/59", "2001:db8:70:40::/58", "2001:db8:70:80::/57", "2001:db8:70:100::/56", "2001:db8:70:200::/55", "2001:db8:70:400::/54", "2001:db8:70:800::/53", "2001:db8:70:1000::/52", "2001:db8:70:2000::/51", "2001:db8:70:4000::/50", "2001:db8:70:8000::/49", "2001:db8:71::/48", "2001:db8:72::/47", "2001:db8:74::/46", "2001:db8:78::/45", "2001:db8:80::/41", "2001:db8:100::/40", "2001:db8:200::/39", "2001:db8:400::/38", "2001:db8:800::/37", "2001:db8:1000::/36", "2001:db8:2000::/35", "2001:db8:4000::/34", "2001:db8:8000::/33", "2001:db9::/32", "2001:dba::/31", "2001:dbc::/30", "2001:dc0::/26", "2001:e00::/23", "2001:1000::/20", "2001:2000::/19", "2001:4000::/18", "2001:8000::/17", "2002::/15", "2004::/14", "2008::/13", "2010::/12", "2020::/11", "2040::/10", "2080::/9", "2100::/8", "2200::/7", "2400::/6", "2800::/5", "3000::/4", "4000::/2", "8000::/2", "c000::/3", "e000::/4", "f000::/5", "f800::/6", "fc00::/8", "fd00::/10", "fd40::/11", "fd60::/12", "fd70::/32", "fd70:1:0:1::/64", "fd70:1:0:2::/63", "fd70:1:0:4::/62", "fd70:1:0:8::/61", "fd70:1:0:10::/60", "fd70:1:0:20::/59", "fd70:1:0:40::/58", "fd70:1:0:80::/57", "fd70:1:0:100::/56", "fd70:1:0:200::/55",
    "fd70:1:0:400::/54", "fd70:1:0:800::/53", "fd70:1:0:1000::/52", "fd70:1:0:2000::/51", "fd70:1:0:4000::/50", "fd70:1:0:8000::/49", "fd70:1:1::/48", "fd70:1:2::/47", "fd70:1:4::/46", "fd70:1:8::/45", "fd70:1:10::/44", "fd70:1:20::/43", "fd70:1:40::/42", "fd70:1:80::/41", "fd70:1:100::/40", "fd70:1:200::/39", "fd70:1:400::/38", "fd70:1:800::/37", "fd70:1:1000::/36", "fd70:1:2000::/35", "fd70:1:4000::/34", "fd70:1:8000::/33", "fd70:2::/32", "fd70:3:0:1::/64", "fd70:3:0:2::/63", "fd70:3:0:4::/62", "fd70:3:0:8::/61", "fd70:3:0:10::/60", "fd70:3:0:20::/59", "fd70:3:0:40::/58", "fd70:3:0:80::/57", "fd70:3:0:100::/56", "fd70:3:0:200::/55", "fd70:3:0:400::/54", "fd70:3:0:800::/53", "fd70:3:0:1000::/52", "fd70:3:0:2000::/51", "fd70:3:0:4000::/50", "fd70:3:0:8000::/49", "fd70:3:1::/48", "fd70:3:2::/47", "fd70:3:4::/46", "fd70:3:8::/45", "fd70:3:10::/44", "fd70:3:20::/43", "fd70:3:40::/42", "fd70:3:80::/41", "fd70:3:100::/40", "fd70:3:200::/39", "fd70:3:400::/38", "fd70:3:800::/37", "fd70:3:1000::/36", "fd70:3:2000::/35", "fd70:3:4000::/34", "fd70:3:8000::/33", "fd70:4::/30", "fd70:8::/29", "fd70:10::/28", "fd70:20::/27", "fd70:40::/26", "fd70:80::/25", "fd70:100::/24", "fd70:200::/23", "fd70:400::/22", "fd70:800::/21", "fd70:1000::/20", "fd70:2000::/19", "fd70:4000::/18", "fd70:8000::/17", "fd71::/16", "fd72::/15", "fd74::/14", "fd78::/13", "fd80::/9", "fe00::/7"]
  destination_address_prefixes = ["2001:db8:70::10/128"]
  description                 = "Tenants reach the Cloud Connect gateway"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}

# Deny the inbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_mgmt_deny_in" {
  name                        = "segplan-deny-inbound"
  priority                    = 4096
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all inbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# Deny the outbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_mgmt_deny_out" {
  name                        = "segplan-deny-outbound"
  priority                    = 4096
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all outbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# Deny the inbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_backup_deny_in" {
  name                        = "segplan-deny-inbound"
  priority                    = 4096
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all inbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}

# Deny the outbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_backup_deny_out" {
  name                        = "segplan-deny-outbound"
  priority                    = 4096
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all outbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}

# Deny the inbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_prod_deny_in" {
  name                        = "segplan-deny-inbound"
  priority                    = 4096
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all inbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}

# Deny the outbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_prod_deny_out" {
  name                        = "segplan-deny-outbound"
  priority                    = 4096
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all outbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}

# Deny the inbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_dmz_deny_in" {
  name                        = "segplan-deny-inbound"
  priority                    = 4096
  direction                   = "Inbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all inbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}

# Deny the outbound traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.
resource "azurerm_network_security_rule" "segplan_dmz_deny_out" {
  name                        = "segplan-deny-outbound"
  priority                    = 4096
  direction                   = "Outbound"
  access                      = "Deny"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  description                 = "SegPlan: all outbound traffic that the plan does not allow"
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_dmz.name
}
