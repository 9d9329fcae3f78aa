# SegPlan AWS security groups (Terraform) for plan 'Kernel test: IPv4, IPv6 and temporary rules' (kernel-dual-stack.segplan)
# Generated from the allow rules of the plan: regenerate instead of editing by hand.
# Left out:
#   - r2 (zone mgmt to backup, tcp 22) is temporary until 2099-12-31 (end of that day, UTC). AWS cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)
#   - r3 (zone mgmt to backup, udp 9999) not emitted: it was temporary until 2020-01-01 (end of that day, UTC), which has passed
# Attach each zone's security group to every network interface in the zone, and the group of each
# component or address to its network interfaces as well: a connection passes when a group of its
# destination lets it in and a group of its source lets it out. Terraform removes AWS's default
# allow-all outbound rule from these groups: they let out only what the plan allows.

variable "vpc_id" {
  type        = string
  description = "The VPC the security groups belong to"
}

resource "aws_security_group" "segplan_mgmt" {
  name        = "segplan-mgmt"
  description = "SegPlan rules for zone mgmt"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "zone mgmt"
    SegPlanAddresses = "10.61.1.0/24 fd61:1::/64"
  }
}

resource "aws_security_group" "segplan_backup" {
  name        = "segplan-backup"
  description = "SegPlan rules for zone backup"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "zone backup"
    SegPlanAddresses = "10.61.2.0/24 fd61:2::/64"
  }
}

resource "aws_security_group" "segplan_prod" {
  name        = "segplan-prod"
  description = "SegPlan rules for zone prod"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "zone prod"
    SegPlanAddresses = "10.61.3.0/24 fd61:3::/64"
  }
}

resource "aws_security_group" "segplan_repo" {
  name        = "segplan-repo"
  description = "SegPlan rules for instance repo"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance repo"
    SegPlanAddresses = "10.61.2.20/32 fd61:2::20/128"
  }
}

resource "aws_security_group" "segplan_vbr" {
  name        = "segplan-vbr"
  description = "SegPlan rules for instance vbr"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance vbr"
    SegPlanAddresses = "10.61.1.10/32 fd61:1::10/128"
  }
}

resource "aws_security_group" "segplan_proxy" {
  name        = "segplan-proxy"
  description = "SegPlan rules for instance proxy"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance proxy"
    SegPlanAddresses = "10.61.3.30/32 fd61:3::30/128"
  }
}

resource "aws_security_group" "segplan_net_10_61_3_30" {
  name        = "segplan-net-10-61-3-30"
  description = "SegPlan rules for address net-10-61-3-30"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-10-61-3-30"
    SegPlanAddresses = "10.61.3.30/32"
  }
}

resource "aws_security_group" "segplan_net_fd61_3_30" {
  name        = "segplan-net-fd61-3-30"
  description = "SegPlan rules for address net-fd61-3-30"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-fd61-3-30"
    SegPlanAddresses = "fd61:3::30/128"
  }
}

resource "aws_security_group" "segplan_net_10_61_1_0_28" {
  name        = "segplan-net-10-61-1-0-28"
  description = "SegPlan rules for address net-10-61-1-0-28"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-10-61-1-0-28"
    SegPlanAddresses = "10.61.1.0/28"
  }
}

resource "aws_security_group" "segplan_net_fd61_1_124" {
  name        = "segplan-net-fd61-1-124"
  description = "SegPlan rules for address net-fd61-1-124"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-fd61-1-124"
    SegPlanAddresses = "fd61:1::/124"
  }
}

# r1 zone mgmt to backup: vbr to repo tcp 2500-3300, 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management); Data transmission channels (one port per task)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Plan: Backup server to the hardened repository
#   From kernel-dual-stack.segplan line 13
resource "aws_vpc_security_group_ingress_rule" "r1_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r1"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r1_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r1"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r1_3" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r1"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r1_4" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r1"
  }
}
resource "aws_vpc_security_group_egress_rule" "r1_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r1"
  }
}
resource "aws_vpc_security_group_egress_rule" "r1_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r1"
  }
}
resource "aws_vpc_security_group_egress_rule" "r1_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r1"
  }
}
resource "aws_vpc_security_group_egress_rule" "r1_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r1"
  }
}

# r2 zone mgmt to backup: vbr to repo tcp 22
#   Purpose: SSH (initial deployment only, disable after for hardened)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4
#   Plan: SSH while the repository is set up
#   TEMPORARY: allowed until 2099-12-31 (through the end of that day, UTC), then expires
#   From kernel-dual-stack.segplan line 14
resource "aws_vpc_security_group_ingress_rule" "r2_1" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_repo.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r2"
    ExpiresOn   = "2099-12-31"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r2_2" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_repo.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r2"
    ExpiresOn   = "2099-12-31"
  }
}
resource "aws_vpc_security_group_egress_rule" "r2_out_1" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r2"
    ExpiresOn   = "2099-12-31"
  }
}
resource "aws_vpc_security_group_egress_rule" "r2_out_2" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r2"
    ExpiresOn   = "2099-12-31"
  }
}

# r3 zone mgmt to backup: mgmt to backup udp 9999
#   Purpose: no required flow of the plan uses this rule
#   Plan: An old test rule
#   TEMPORARY: allowed until 2020-01-01 (through the end of that day, UTC), then expires
#   From kernel-dual-stack.segplan line 18
# NOT EMITTED: its until date has passed

# r4 zone mgmt to prod: vbr to proxy tcp 135, 137-139, 445, 2500-3300, 6160, 6162
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
#   From kernel-dual-stack.segplan line 15, kernel-dual-stack.segplan line 16
resource "aws_vpc_security_group_ingress_rule" "r4_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_2" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_3" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_4" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_5" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_6" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_7" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_8" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_9" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_10" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_11" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r4_12" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_5" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_6" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_7" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_8" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_9" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_10" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_11" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r4"
  }
}
resource "aws_vpc_security_group_egress_rule" "r4_out_12" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r4"
  }
}

# r5 zone mgmt to prod: vbr to proxy udp 135, 137-139, 445
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   Plan: Component deployment
#   From kernel-dual-stack.segplan line 15
resource "aws_vpc_security_group_ingress_rule" "r5_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r5_2" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r5_3" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r5_4" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r5_5" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r5_6" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_egress_rule" "r5_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_egress_rule" "r5_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_egress_rule" "r5_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_egress_rule" "r5_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_egress_rule" "r5_out_5" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r5"
  }
}
resource "aws_vpc_security_group_egress_rule" "r5_out_6" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r5"
  }
}

# r6 zone mgmt to prod: net-10-61-1-0-28, net-fd61-1-124 to net-10-61-3-30, net-fd61-3-30 tcp 6162
#   Purpose: Veeam Data Mover (Transport Service)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 2
#   Plan: Bare addresses: the first management block to the proxy s own addresses
#   From kernel-dual-stack.segplan line 19
resource "aws_vpc_security_group_ingress_rule" "r6_1" {
  security_group_id = aws_security_group.segplan_net_10_61_3_30.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.1.0/28"
  tags = {
    SegPlanRule = "r6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r6_2" {
  security_group_id = aws_security_group.segplan_net_fd61_3_30.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:1::/124"
  tags = {
    SegPlanRule = "r6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r6_out_1" {
  security_group_id = aws_security_group.segplan_net_10_61_1_0_28.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r6_out_2" {
  security_group_id = aws_security_group.segplan_net_fd61_1_124.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r6"
  }
}

# r7 zone prod to backup: proxy to repo tcp 2500-3300
#   Purpose: Data transfer from proxy to repository
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 2
#   Plan: Backup data
#   From kernel-dual-stack.segplan line 17
resource "aws_vpc_security_group_ingress_rule" "r7_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r7"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r7_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r7_out_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r7_out_2" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r7"
  }
}
