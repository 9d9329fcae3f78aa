/**
 * Configuration SegPlan did not write, for the re-apply tests: it must survive every paste. The
 * FortiGate's includes a hand-made policy at 1001, where SegPlan used to write.
 */

/** ASA configuration SegPlan did not write. */
export const ASA_UNRELATED = `object-group network WEB
 network-object host 192.0.2.10
object-group service WEB_PORTS tcp
 port-object eq 443
access-list OUTSIDE_IN extended permit tcp any object-group WEB object-group WEB_PORTS
access-group OUTSIDE_IN in interface outside
`;

/** PAN-OS configuration SegPlan did not write. */
export const PANOS_UNRELATED = `set address web-server ip-netmask 192.0.2.10/32
set service web-https protocol tcp port 443
set rulebase security rules web-in from outside to dmz source any destination web-server application any service web-https action allow
`;

/** FortiGate configuration SegPlan did not write. */
export const FORTIGATE_UNRELATED = `config firewall address
    edit "web-server"
        set subnet 192.0.2.10 255.255.255.255
    next
end
config firewall policy
    edit 1
        set name "web-in"
        set srcintf "outside"
        set dstintf "dmz"
        set srcaddr "all"
        set dstaddr "web-server"
        set action accept
        set schedule "always"
        set service "ALL"
    next
    edit 1001
        set name "lab"
        set srcintf "lab"
        set dstintf "outside"
        set srcaddr "all"
        set dstaddr "all"
        set action accept
        set schedule "always"
        set service "ALL"
    next
end
`;

/** A FortiGate policy of someone else's that accepts everything, as a `config firewall policy` entry. */
export const FORTIGATE_OPEN_POLICY = '    edit 7\n        set name "open"\n        set srcintf "any"\n        set dstintf "any"\n        set srcaddr "all"\n'
    + '        set dstaddr "all"\n        set action accept\n        set schedule "always"\n        set service "ALL"\n    next\n';
