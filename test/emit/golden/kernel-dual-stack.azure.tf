# SegPlan Azure network security groups (Terraform) for plan 'Kernel test: IPv4, IPv6 and temporary rules' (kernel-dual-stack.segplan)
# Generated from the allow rules of the plan: regenerate instead of editing by hand.
# Left out:
#   - r-8c29024a (zone mgmt to backup, tcp 22) is temporary until 2099-12-31 (end of that day, UTC). Azure cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)
#   - r-b3a15e4c (zone mgmt to backup, udp 9999) not emitted: it was temporary until 2020-01-01 (end of that day, UTC), which has passed
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

# r-845963a0 zone mgmt to backup: vbr to repo tcp 2500-3300, 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management); Data transmission channels (one port per task)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Plan: Backup server to the hardened repository
#   From kernel-dual-stack.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-845963a0_v4" {
  name                        = "segplan-r-845963a0-v4"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300", "6162"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.2.20/32"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_backup_r-845963a0_v6" {
  name                        = "segplan-r-845963a0-v6"
  priority                    = 101
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300", "6162"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:2::20/128"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-845963a0_out_v4" {
  name                        = "segplan-r-845963a0-out-v4"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300", "6162"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.2.20/32"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-845963a0_out_v6" {
  name                        = "segplan-r-845963a0-out-v6"
  priority                    = 101
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300", "6162"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:2::20/128"]
  description                 = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-8c29024a zone mgmt to backup: vbr to repo tcp 22
#   Purpose: SSH (initial deployment only, disable after for hardened)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4
#   Plan: SSH while the repository is set up
#   TEMPORARY: allowed until 2099-12-31 (through the end of that day, UTC), then expires
#   From kernel-dual-stack.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-8c29024a_v4" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-8c29024a-v4"
  priority                    = 102
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.2.20/32"]
  description                 = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall R..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_backup_r-8c29024a_v6" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-8c29024a-v6"
  priority                    = 103
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:2::20/128"]
  description                 = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall R..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-8c29024a_out_v4" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-8c29024a-out-v4"
  priority                    = 102
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.2.20/32"]
  description                 = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall R..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-8c29024a_out_v6" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  name                        = "segplan-r-8c29024a-out-v6"
  priority                    = 103
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:2::20/128"]
  description                 = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall R..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-b3a15e4c zone mgmt to backup: mgmt to backup udp 9999
#   Purpose: no required flow of the plan uses this rule
#   Plan: An old test rule
#   TEMPORARY: allowed until 2020-01-01 (through the end of that day, UTC), then expires
#   From kernel-dual-stack.segplan
# NOT EMITTED: its until date has passed

# r-1294ad87 zone mgmt to prod: vbr to proxy tcp 135, 137-139, 445, 2500-3300, 6160, 6162
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment); Veeam Installer Service; Veeam Data Mover (Transport Service); Data transmission channels (one port per task)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 2
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section Key Takeaways
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 2
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 3
#   Plan: Component deployment
#   Plan: Backup server manages the proxy
#   From kernel-dual-stack.segplan
resource "azurerm_network_security_rule" "segplan_prod_r-1294ad87_v4" {
  name                        = "segplan-r-1294ad87-v4"
  priority                    = 100
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.3.30/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-1294ad87_v6" {
  name                        = "segplan-r-1294ad87-v6"
  priority                    = 101
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:3::30/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-1294ad87_out_v4" {
  name                        = "segplan-r-1294ad87-out-v4"
  priority                    = 104
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.3.30/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-1294ad87_out_v6" {
  name                        = "segplan-r-1294ad87-out-v6"
  priority                    = 105
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445", "2500-3300", "6160", "6162"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:3::30/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmis..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-cd65efc7 zone mgmt to prod: vbr to proxy udp 135, 137-139, 445
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   Plan: Component deployment
#   From kernel-dual-stack.segplan
resource "azurerm_network_security_rule" "segplan_prod_r-cd65efc7_v4" {
  name                        = "segplan-r-cd65efc7-v4"
  priority                    = 102
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.3.30/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-cd65efc7_v6" {
  name                        = "segplan-r-cd65efc7-v6"
  priority                    = 103
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:3::30/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-cd65efc7_out_v4" {
  name                        = "segplan-r-cd65efc7-out-v4"
  priority                    = 106
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["10.61.1.10/32"]
  destination_address_prefixes = ["10.61.3.30/32"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-cd65efc7_out_v6" {
  name                        = "segplan-r-cd65efc7-out-v6"
  priority                    = 107
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_ranges     = ["135", "137-139", "445"]
  source_address_prefixes     = ["fd61:1::10/128"]
  destination_address_prefixes = ["fd61:3::30/128"]
  description                 = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sec..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-f8f318b2 zone mgmt to prod: net-10-61-1-0-28, net-fd61-1-124 to net-10-61-3-30, net-fd61-3-30 tcp 6162
#   Purpose: Veeam Data Mover (Transport Service)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 2
#   Plan: Bare addresses: the first management block to the proxy s own addresses
#   From kernel-dual-stack.segplan
resource "azurerm_network_security_rule" "segplan_prod_r-f8f318b2_v4" {
  name                        = "segplan-r-f8f318b2-v4"
  priority                    = 104
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["10.61.1.0/28"]
  destination_address_prefixes = ["10.61.3.30/32"]
  description                 = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Serve..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-f8f318b2_v6" {
  name                        = "segplan-r-f8f318b2-v6"
  priority                    = 105
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["fd61:1::/124"]
  destination_address_prefixes = ["fd61:3::30/128"]
  description                 = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Serve..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-f8f318b2_out_v4" {
  name                        = "segplan-r-f8f318b2-out-v4"
  priority                    = 108
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["10.61.1.0/28"]
  destination_address_prefixes = ["10.61.3.30/32"]
  description                 = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Serve..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}
resource "azurerm_network_security_rule" "segplan_mgmt_r-f8f318b2_out_v6" {
  name                        = "segplan-r-f8f318b2-out-v6"
  priority                    = 109
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["6162"]
  source_address_prefixes     = ["fd61:1::/124"]
  destination_address_prefixes = ["fd61:3::30/128"]
  description                 = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Serve..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_mgmt.name
}

# r-d286271d zone prod to backup: proxy to repo tcp 2500-3300
#   Purpose: Data transfer from proxy to repository
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 2
#   Plan: Backup data
#   From kernel-dual-stack.segplan
resource "azurerm_network_security_rule" "segplan_backup_r-d286271d_v4" {
  name                        = "segplan-r-d286271d-v4"
  priority                    = 104
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["10.61.3.30/32"]
  destination_address_prefixes = ["10.61.2.20/32"]
  description                 = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Pro..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_backup_r-d286271d_v6" {
  name                        = "segplan-r-d286271d-v6"
  priority                    = 105
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["fd61:3::30/128"]
  destination_address_prefixes = ["fd61:2::20/128"]
  description                 = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Pro..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_backup.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-d286271d_out_v4" {
  name                        = "segplan-r-d286271d-out-v4"
  priority                    = 100
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["10.61.3.30/32"]
  destination_address_prefixes = ["10.61.2.20/32"]
  description                 = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Pro..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
}
resource "azurerm_network_security_rule" "segplan_prod_r-d286271d_out_v6" {
  name                        = "segplan-r-d286271d-out-v6"
  priority                    = 101
  direction                   = "Outbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["2500-3300"]
  source_address_prefixes     = ["fd61:3::30/128"]
  destination_address_prefixes = ["fd61:2::20/128"]
  description                 = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Pro..."
  resource_group_name         = var.resource_group_name
  network_security_group_name = azurerm_network_security_group.segplan_prod.name
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
