# SegPlan AWS security groups (Terraform) for plan 'Mixed endpoints: host names, zones, any, IPv6, temporary rules' (mixed-endpoints.segplan)
# Generated from the allow rules of the plan: regenerate instead of editing by hand.
# WARNING: the plan has 1 error(s); these rules were generated anyway on request and may be incomplete or wrong:
#   - mixed-endpoints.segplan:35: outside to gw exposes tcp 6180 to the internet, but the vendors mark no such flow internet-facing. Only ports such as Veeam Cloud Connect s 6180 should face the internet.
# Left out:
#   - Instance agent has no address in the plan: rules naming it are emitted without it (give it one with at address ).
#   - r-0828c16d (zone mgmt to backup, tcp 22) is temporary until 2031-06-30 (end of that day, UTC). AWS cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)
#   - r-fe344223: repo2 is given by host name (repo2.backup.example.com) inside the plan s zone backup, where a security group of its own cannot be attached to it by name, left out.
#   - r-fe344223 (zone mgmt to backup, tcp 135, 137-139, 445, 2500-3300, 6160, 6162) not emitted: no source or destination with an IP address left
#   - r-86841e24: repo2 is given by host name (repo2.backup.example.com) inside the plan s zone backup, where a security group of its own cannot be attached to it by name, left out.
#   - r-86841e24 (zone mgmt to backup, udp 135, 137-139, 445) not emitted: no source or destination with an IP address left
#   - r-b1c2c4e5 (zone mgmt to backup, tcp 6162) is temporary until 2030-01-01 (end of that day, UTC). AWS cannot expire a rule, so its resources exist only while Terraform plans before then: the first terraform apply after that day removes it (Terraform 1.5 or later)
#   - r-7183dc50 (zone mgmt to prod, tcp 22, 6160) not emitted: no source or destination with an IP address left
#   - r-a61ac1ec (zone prod to mgmt, tcp 6162) not emitted: no source or destination with an IP address left
#   - r-e3d4eb01: repo2 is given by host name (repo2.backup.example.com) inside the plan s zone backup, where a security group of its own cannot be attached to it by name, left out.
#   - r-c306a96a: repo2 is given by host name (repo2.backup.example.com) inside the plan s zone backup, where a security group of its own cannot be attached to it by name, left out.
#   - r-b93149b2: repo2 is given by host name (repo2.backup.example.com) inside the plan s zone backup, where a security group of its own cannot be attached to it by name, left out.
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
    SegPlanAddresses = "10.70.1.0/24 fd70:1::/64"
  }
}

resource "aws_security_group" "segplan_backup" {
  name        = "segplan-backup"
  description = "SegPlan rules for zone backup"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "zone backup"
    SegPlanAddresses = "10.70.2.0/24 10.70.12.0/25"
  }
}

resource "aws_security_group" "segplan_prod" {
  name        = "segplan-prod"
  description = "SegPlan rules for zone prod"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "zone prod"
    SegPlanAddresses = "10.70.3.0/24 fd70:3::/64"
  }
}

resource "aws_security_group" "segplan_dmz" {
  name        = "segplan-dmz"
  description = "SegPlan rules for zone dmz"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "zone dmz"
    SegPlanAddresses = "192.0.2.0/24 2001:db8:70::/64"
  }
}

resource "aws_security_group" "segplan_console" {
  name        = "segplan-console"
  description = "SegPlan rules for instance console"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance console"
    SegPlanAddresses = "10.70.1.50/32"
  }
}

resource "aws_security_group" "segplan_gw" {
  name        = "segplan-gw"
  description = "SegPlan rules for instance gw"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance gw"
    SegPlanAddresses = "192.0.2.10/32 2001:db8:70::10/128"
  }
}

resource "aws_security_group" "segplan_net_10_70_1_0_28" {
  name        = "segplan-net-10-70-1-0-28"
  description = "SegPlan rules for address net-10-70-1-0-28"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-10-70-1-0-28"
    SegPlanAddresses = "10.70.1.0/28"
  }
}

resource "aws_security_group" "segplan_net_10_70_2_20" {
  name        = "segplan-net-10-70-2-20"
  description = "SegPlan rules for address net-10-70-2-20"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "address net-10-70-2-20"
    SegPlanAddresses = "10.70.2.20/32"
  }
}

resource "aws_security_group" "segplan_proxy" {
  name        = "segplan-proxy"
  description = "SegPlan rules for instance proxy"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance proxy"
    SegPlanAddresses = "10.70.3.30/31 10.70.3.32/31 fd70:3::30/128"
  }
}

resource "aws_security_group" "segplan_repo" {
  name        = "segplan-repo"
  description = "SegPlan rules for instance repo"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance repo"
    SegPlanAddresses = "10.70.2.20/32"
  }
}

resource "aws_security_group" "segplan_vbr" {
  name        = "segplan-vbr"
  description = "SegPlan rules for instance vbr"
  vpc_id      = var.vpc_id
  tags = {
    SegPlanEndpoint  = "instance vbr"
    SegPlanAddresses = "10.70.1.10/32 fd70:1::10/128"
  }
}

# r-b64f63f1 zone mgmt to mgmt: console to vbr tcp 443, 9419
#   Purpose: Web UI (v13); REST API and Swagger UI
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 7
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-b64f63f1_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6 ...)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.1.50/32"
  tags = {
    SegPlanRule = "r-b64f63f1"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b64f63f1_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6 ...)"
  ip_protocol       = "tcp"
  from_port         = 9419
  to_port           = 9419
  cidr_ipv4         = "10.70.1.50/32"
  tags = {
    SegPlanRule = "r-b64f63f1"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b64f63f1_out_1" {
  security_group_id = aws_security_group.segplan_console.id
  description       = "Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6 ...)"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b64f63f1"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b64f63f1_out_2" {
  security_group_id = aws_security_group.segplan_console.id
  description       = "Web UI (v13) / REST API and Swagger UI [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 6 ...)"
  ip_protocol       = "tcp"
  from_port         = 9419
  to_port           = 9419
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b64f63f1"
  }
}

# r-2521a969 zone mgmt to backup: vbr to repo tcp 2500-3300, 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management); Data transmission channels (one port per task)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 4
#   Plan: Backup server to the hardened repository
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-2521a969_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-2521a969"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-2521a969_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-2521a969"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-2521a969_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.2.20/32"
  tags = {
    SegPlanRule = "r-2521a969"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-2521a969_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) / Data transmission channels (one port per task) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.2.20/32"
  tags = {
    SegPlanRule = "r-2521a969"
  }
}

# r-0828c16d zone mgmt to backup: vbr to repo tcp 22
#   Purpose: SSH (initial deployment only, disable after for hardened)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4
#   Plan: SSH while the repository is set up
#   TEMPORARY: allowed until 2031-06-30 (through the end of that day, UTC), then expires
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-0828c16d_1" {
  count = timecmp(plantimestamp(), "2031-07-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_repo.id
  description       = "TEMPORARY until 2031-06-30: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-0828c16d"
    ExpiresOn   = "2031-06-30"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-0828c16d_out_1" {
  count = timecmp(plantimestamp(), "2031-07-01T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "TEMPORARY until 2031-06-30: SSH (initial deployment only, disable after for hardened) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 4)"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.70.2.20/32"
  tags = {
    SegPlanRule = "r-0828c16d"
    ExpiresOn   = "2031-06-30"
  }
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
# NOT EMITTED: no source or destination with an IP address left

# r-86841e24 zone mgmt to backup: vbr to repo2 udp 135, 137-139, 445
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   From mixed-endpoints.segplan
# NOT EMITTED: no source or destination with an IP address left

# r-b1c2c4e5 zone mgmt to backup: mgmt to backup tcp 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Plan: Whole management zone to storage (temporary)
#   TEMPORARY: allowed until 2030-01-01 (through the end of that day, UTC), then expires
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-b1c2c4e5_1" {
  count = timecmp(plantimestamp(), "2030-01-02T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_backup.id
  description       = "TEMPORARY until 2030-01-01: Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.1.0/24"
  tags = {
    SegPlanRule = "r-b1c2c4e5"
    ExpiresOn   = "2030-01-01"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b1c2c4e5_out_1" {
  count = timecmp(plantimestamp(), "2030-01-02T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_mgmt.id
  description       = "TEMPORARY until 2030-01-01: Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.2.0/24"
  tags = {
    SegPlanRule = "r-b1c2c4e5"
    ExpiresOn   = "2030-01-01"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b1c2c4e5_out_2" {
  count = timecmp(plantimestamp(), "2030-01-02T00:00:00Z") < 0 ? 1 : 0
  security_group_id = aws_security_group.segplan_mgmt.id
  description       = "TEMPORARY until 2030-01-01: Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.12.0/25"
  tags = {
    SegPlanRule = "r-b1c2c4e5"
    ExpiresOn   = "2030-01-01"
  }
}

# r-7334b81d zone mgmt to backup: net-10-70-1-0-28, net-fd70-1-120 to net-10-70-2-20 tcp 6162
#   Purpose: Veeam Data Mover (Transport Service); Veeam Data Mover (management)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 1
#   Plan: Bare addresses: a management block to the repository s own address
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-7334b81d_1" {
  security_group_id = aws_security_group.segplan_net_10_70_2_20.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.1.0/28"
  tags = {
    SegPlanRule = "r-7334b81d"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-7334b81d_out_1" {
  security_group_id = aws_security_group.segplan_net_10_70_1_0_28.id
  description       = "Veeam Data Mover (Transport Service) / Veeam Data Mover (management) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 3 ...)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.2.20/32"
  tags = {
    SegPlanRule = "r-7334b81d"
  }
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
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_2" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_3" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_4" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_5" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_6" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_7" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-a9d28541_8" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.70.3.30/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.3.30/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.70.3.30/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.3.30/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_5" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.70.3.32/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_6" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.3.32/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_7" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.70.3.32/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_8" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.3.32/31"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_9" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "fd70:3::30/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_10" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd70:3::30/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_11" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "fd70:3::30/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-a9d28541_out_12" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd70:3::30/128"
  tags = {
    SegPlanRule = "r-a9d28541"
  }
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
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_1" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_2" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_3" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_4" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_5" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_6" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_7" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_8" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_9" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_10" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_11" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_12" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_13" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-b6a6a9e6_14" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_5" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_6" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_7" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_8" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_9" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_10" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_11" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_12" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_13" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6160
  to_port           = 6160
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b6a6a9e6_out_14" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) / Veeam Installer Service / Veeam Data Mover (Transport Service) / Data transmission channels (one port per task) / SSH (initial deployment and configuration changes) [veeam] (Veeam and Network S..."
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-b6a6a9e6"
  }
}

# r-36903e18 zone mgmt to dmz: vbr to gw udp 135, 137-139, 445
#   Purpose: RPC, NetBIOS, SMB (ADMIN share for component deployment)
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-36903e18_1" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-36903e18_2" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-36903e18_3" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-36903e18_4" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-36903e18_5" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-36903e18_6" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-36903e18_out_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-36903e18_out_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-36903e18_out_3" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-36903e18_out_4" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 135
  to_port           = 135
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-36903e18_out_5" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 137
  to_port           = 139
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-36903e18_out_6" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "RPC, NetBIOS, SMB (ADMIN share for component deployment) [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 2. Backup Server (Core Ports) row 1)"
  ip_protocol       = "udp"
  from_port         = 445
  to_port           = 445
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-36903e18"
  }
}

# r-f7f0c4c7 zone backup to outside: net-10-70-2-20 to net-198-51-100-7 tcp 443
#   Purpose: no required flow of the plan uses this rule
#   Plan: Capacity tier offload to one provider address on the internet
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_egress_rule" "r-f7f0c4c7_out_1" {
  security_group_id = aws_security_group.segplan_net_10_70_2_20.id
  description       = "Capacity tier offload to one provider address on the internet"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "198.51.100.7/32"
  tags = {
    SegPlanRule = "r-f7f0c4c7"
  }
}

# r-fe3289d2 zone backup to any: repo to outside tcp 443
#   Purpose: no required flow of the plan uses this rule
#   Plan: Capacity tier offload
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/5"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "8.0.0.0/7"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_3" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.0.0.0/10"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_4" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.64.0.0/14"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_5" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.68.0.0/15"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_6" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.0.0/24"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_7" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.4.0/22"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_8" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.8.0/22"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_9" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.12.128/25"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_10" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.13.0/24"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_11" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.14.0/23"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_12" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.16.0/20"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_13" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.32.0/19"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_14" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.64.0/18"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_15" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.70.128.0/17"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_16" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.71.0.0/16"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_17" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.72.0.0/13"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_18" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.80.0.0/12"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_19" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.96.0.0/11"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_20" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "10.128.0.0/9"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_21" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "11.0.0.0/8"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_22" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "12.0.0.0/6"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_23" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "16.0.0.0/4"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_24" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "32.0.0.0/3"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_25" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "64.0.0.0/2"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_26" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "128.0.0.0/2"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_27" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.0.0/23"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_28" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.3.0/24"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_29" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.4.0/22"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_30" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.8.0/21"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_31" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.16.0/20"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_32" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.32.0/19"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_33" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.64.0/18"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_34" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.0.128.0/17"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_35" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.1.0.0/16"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_36" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.2.0.0/15"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_37" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.4.0.0/14"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_38" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.8.0.0/13"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_39" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.16.0.0/12"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_40" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.32.0.0/11"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_41" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.64.0.0/10"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_42" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "192.128.0.0/9"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_43" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "193.0.0.0/8"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_44" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "194.0.0.0/7"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_45" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "196.0.0.0/6"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_46" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "200.0.0.0/5"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_47" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "208.0.0.0/4"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-fe3289d2_out_48" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Capacity tier offload"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "224.0.0.0/3"
  tags = {
    SegPlanRule = "r-fe3289d2"
  }
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
resource "aws_vpc_security_group_ingress_rule" "r-e3d4eb01_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.3.30/31"
  tags = {
    SegPlanRule = "r-e3d4eb01"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-e3d4eb01_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.3.32/31"
  tags = {
    SegPlanRule = "r-e3d4eb01"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-e3d4eb01_out_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Data transfer from proxy to repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.2.20/32"
  tags = {
    SegPlanRule = "r-e3d4eb01"
  }
}

# r-c306a96a zone prod to backup: agent, proxy to repo, repo2 tcp 2500-3300
#   Purpose: Data transfer from proxy to repository; Backup data transfer
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 4. Backup Repository (Windows, Linux, Hardened) row 2
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 11. Agent Management row 4
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-c306a96a_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository / Backup data transfer [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.3.30/31"
  tags = {
    SegPlanRule = "r-c306a96a"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-c306a96a_2" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer from proxy to repository / Backup data transfer [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.3.32/31"
  tags = {
    SegPlanRule = "r-c306a96a"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-c306a96a_out_1" {
  security_group_id = aws_security_group.segplan_proxy.id
  description       = "Data transfer from proxy to repository / Backup data transfer [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 3. Backup Proxy (VMware, Hyper-V, General Purpose) row 4 ...)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.2.20/32"
  tags = {
    SegPlanRule = "r-c306a96a"
  }
}

# r-19ff50ad zone dmz to mgmt: gw to vbr tcp 6162
#   Purpose: Data Mover to internal infrastructure
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-19ff50ad_1" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-19ff50ad"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-19ff50ad_2" {
  security_group_id = aws_security_group.segplan_vbr.id
  description       = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "2001:db8:70::10/128"
  tags = {
    SegPlanRule = "r-19ff50ad"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-19ff50ad_out_1" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv4         = "10.70.1.10/32"
  tags = {
    SegPlanRule = "r-19ff50ad"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-19ff50ad_out_2" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "Data Mover to internal infrastructure [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 2)"
  ip_protocol       = "tcp"
  from_port         = 6162
  to_port           = 6162
  cidr_ipv6         = "fd70:1::10/128"
  tags = {
    SegPlanRule = "r-19ff50ad"
  }
}

# r-b93149b2 zone dmz to backup: gw to repo, repo2 tcp 2500-3300
#   Purpose: Data transfer to cloud repository
#   Vendor: veeam
#   Citation: Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 3
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-b93149b2_1" {
  security_group_id = aws_security_group.segplan_repo.id
  description       = "Data transfer to cloud repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 3)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "192.0.2.10/32"
  tags = {
    SegPlanRule = "r-b93149b2"
  }
}
resource "aws_vpc_security_group_egress_rule" "r-b93149b2_out_1" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "Data transfer to cloud repository [veeam] (Veeam and Network Segmentation: Firewall Rules for Every Component, section 9. Cloud Connect Gateway row 3)"
  ip_protocol       = "tcp"
  from_port         = 2500
  to_port           = 3300
  cidr_ipv4         = "10.70.2.20/32"
  tags = {
    SegPlanRule = "r-b93149b2"
  }
}

# r-300302f9 zone any to dmz: outside to gw tcp 6180
#   Purpose: no required flow of the plan uses this rule
#   Plan: Tenants reach the Cloud Connect gateway
#   From mixed-endpoints.segplan
resource "aws_vpc_security_group_ingress_rule" "r-300302f9_1" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "Tenants reach the Cloud Connect gateway"
  ip_protocol       = "tcp"
  from_port         = 6180
  to_port           = 6180
  cidr_ipv4         = "0.0.0.0/0"
  tags = {
    SegPlanRule = "r-300302f9"
  }
}
resource "aws_vpc_security_group_ingress_rule" "r-300302f9_2" {
  security_group_id = aws_security_group.segplan_gw.id
  description       = "Tenants reach the Cloud Connect gateway"
  ip_protocol       = "tcp"
  from_port         = 6180
  to_port           = 6180
  cidr_ipv6         = "::/0"
  tags = {
    SegPlanRule = "r-300302f9"
  }
}
