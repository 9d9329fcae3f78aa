# SegPlan AWS security groups (Terraform) for plan 'Kernel test: IPv4, IPv6 and temporary rules' (kernel-dual-stack.segplan)
# Generated from the allow rules of the plan: regenerate instead of editing by hand.
# Left out:
#   - r-8c29024a (zone mgmt to backup, tcp 22) is temporary until 2099-12-31 (end of that day, UTC). AWS cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)
#   - r-b3a15e4c (zone mgmt to backup, udp 9999) not emitted: it was temporary until 2020-01-01 (end of that day, UTC), which has passed
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

resource "aws_security_group" "segplan_net_10_61_1_0_28" {
  name        = "segplan-net-10-61-1-0-28"
  description = "SegPlan rules for address net-10-61-1-0-28"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-10-61-1-0-28"
    SegPlanAddresses = "10.61.1.0/28"
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

resource "aws_security_group" "segplan_net_fd61_1_124" {
  name        = "segplan-net-fd61-1-124"
  description = "SegPlan rules for address net-fd61-1-124"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-fd61-1-124"
    SegPlanAddresses = "fd61:1::/124"
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

resource "aws_security_group" "segplan_proxy" {
  name        = "segplan-proxy"
  description = "SegPlan rules for instance proxy"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance proxy"
    SegPlanAddresses = "10.61.3.30/32 fd61:3::30/128"
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

# r-845963a0 zone mgmt to backup: vbr to repo tcp 2500-3300, 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management); Data transmission channels (one port per task)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Plan: Backup server to the hardened repository
#   From kernel-dual-stack.segplan
resource "aws_vpc_security_group_ingress_rule" "r-845963a0_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-845963a0_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-845963a0_3" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-845963a0_4" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-845963a0_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-845963a0_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-845963a0_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-845963a0_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r-845963a0"
  }
}

# r-8c29024a zone mgmt to backup: vbr to repo tcp 22
#   Purpose: SSH (initial deployment only, disable after for hardened)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4
#   Plan: SSH while the repository is set up
#   TEMPORARY: allowed until 2099-12-31 (through the end of that day, UTC), then expires
#   From kernel-dual-stack.segplan
resource "aws_vpc_security_group_ingress_rule" "r-8c29024a_1" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_repo.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-8c29024a"
    ExpiresOn   = "2099-12-31"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-8c29024a_2" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_repo.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-8c29024a"
    ExpiresOn   = "2099-12-31"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-8c29024a_out_1" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r-8c29024a"
    ExpiresOn   = "2099-12-31"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-8c29024a_out_2" {
  count = timecmp(plantimestamp(), "2100-01-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "TEMPORARY until 2099-12-31: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r-8c29024a"
    ExpiresOn   = "2099-12-31"
  }
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
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_2" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_3" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_4" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_5" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_6" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_7" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_8" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_9" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_10" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_11" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-1294ad87_12" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_5" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_6" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_7" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_8" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_9" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_10" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_11" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-1294ad87_out_12" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, sect..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-1294ad87"
  }
}

# r-cd65efc7 zone mgmt to prod: vbr to proxy udp 135, 137-139, 445
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   Plan: Component deployment
#   From kernel-dual-stack.segplan
resource "aws_vpc_security_group_ingress_rule" "r-cd65efc7_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-cd65efc7_2" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-cd65efc7_3" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.1.10/32"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-cd65efc7_4" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-cd65efc7_5" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-cd65efc7_6" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:1::10/128"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-cd65efc7_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-cd65efc7_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-cd65efc7_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-cd65efc7_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-cd65efc7_out_5" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-cd65efc7_out_6" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-cd65efc7"
  }
}

# r-f8f318b2 zone mgmt to prod: net-10-61-1-0-28, net-fd61-1-124 to net-10-61-3-30, net-fd61-3-30 tcp 6162
#   Purpose: Veeam Data Mover (Transport Service)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 2
#   Plan: Bare addresses: the first management block to the proxy s own addresses
#   From kernel-dual-stack.segplan
resource "aws_vpc_security_group_ingress_rule" "r-f8f318b2_1" {
  security_group_id = aws_security_group.segplan_net_10_61_3_30.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.1.0/28"
  tags = {
    SegPlanRule = "r-f8f318b2"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-f8f318b2_2" {
  security_group_id = aws_security_group.segplan_net_fd61_3_30.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:1::/124"
  tags = {
    SegPlanRule = "r-f8f318b2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-f8f318b2_out_1" {
  security_group_id = aws_security_group.segplan_net_10_61_1_0_28.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-f8f318b2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-f8f318b2_out_2" {
  security_group_id = aws_security_group.segplan_net_fd61_1_124.id
  description       = "Veeam Data Mover (Transport Service) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-f8f318b2"
  }
}

# r-d286271d zone prod to backup: proxy to repo tcp 2500-3300
#   Purpose: Data transfer from proxy to repository
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 2
#   Plan: Backup data
#   From kernel-dual-stack.segplan
resource "aws_vpc_security_group_ingress_rule" "r-d286271d_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.3.30/32"
  tags = {
    SegPlanRule = "r-d286271d"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-d286271d_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:3::30/128"
  tags = {
    SegPlanRule = "r-d286271d"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-d286271d_out_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.61.2.20/32"
  tags = {
    SegPlanRule = "r-d286271d"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-d286271d_out_2" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd61:2::20/128"
  tags = {
    SegPlanRule = "r-d286271d"
  }
}
