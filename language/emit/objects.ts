import { NameAllocator } from './escape.js';
import type { ConcreteEndpoint } from './emitter.js';
import type { PortSet } from '../network/ports.js';
import { compareText } from '../utils/compare-text.js';

/**
 * Address objects for the object-based platforms (ASA, PAN-OS, FortiGate): one object per prefix
 * or host name of an endpoint, named after the endpoint, handed out once and listed in a stable
 * order.
 */
export interface AddressObject {
    readonly name: string;
    readonly kind: 'v4' | 'v6' | 'fqdn';
    readonly value: string;
    readonly endpoint: string;
}

export class AddressObjects {
    private readonly names: NameAllocator;
    private readonly byKey = new Map<string, AddressObject>();
    private readonly byName = new Map<string, AddressObject>();
    private readonly byKey6 = new Map<string, AddressObject>();
    /** `all()` as last sorted: the output asks it more than once, after the last object is handed out. */
    private sorted: readonly AddressObject[] | undefined;

    constructor(private readonly prefix: string, max: number) {
        this.names = new NameAllocator(max);
    }

    private object(endpoint: string, kind: AddressObject['kind'], value: string, index: number): AddressObject {
        const key = `${kind}|${value}`;
        let existing = this.byKey.get(key);
        if (!existing) {
            const wanted = kind === 'fqdn' ? `${this.prefix}fqdn_${value}` : `${this.prefix}${endpoint}_${kind}_${index}`;
            existing = { name: this.names.name(key, wanted), kind, value, endpoint };
            this.byKey.set(key, existing);
            this.byName.set(existing.name, existing);
            this.sorted = undefined;
        }
        return existing;
    }

    /** The objects standing for one endpoint, by family. */
    of(e: ConcreteEndpoint): { v4: AddressObject[]; v6: AddressObject[]; fqdn: AddressObject[] } {
        return {
            v4: e.v4.map((v, i) => this.object(e.endpoint.name, 'v4', v, i + 1)),
            v6: e.v6.map((v, i) => this.object(e.endpoint.name, 'v6', v, i + 1)),
            fqdn: e.hostNames.map((v, i) => this.object(e.endpoint.name, 'fqdn', v, i + 1))
        };
    }

    /**
     * The IPv6 twin of an FQDN object, for platforms whose FQDN object resolves one family only
     * (ASA `fqdn v6`, FortiGate `address6`): named apart, left out of `all()`.
     */
    ipv6Twin(o: AddressObject): AddressObject {
        const key = `fqdn6|${o.value}`;
        let twin = this.byKey6.get(key);
        if (!twin) {
            twin = { name: this.names.name(key, `${this.prefix}fqdn6_${o.value}`), kind: 'fqdn', value: o.value, endpoint: o.endpoint };
            this.byKey6.set(key, twin);
            this.byName.set(twin.name, twin);
        }
        return twin;
    }

    /** The address a named object stands for. */
    valueOf(name: string): string | undefined {
        return this.byName.get(name)?.value;
    }

    /**
     * Every object, ordered by the endpoint it is named after and then by its place in that
     * endpoint (never by which rule used it first): a rule added to the plan leaves every other
     * object where it stands.
     */
    all(): readonly AddressObject[] {
        return this.sorted ??= [...this.byKey.values()].sort((a, b) => compareText(a.endpoint, b.endpoint));
    }
}

/** `10.0.0.0/24` → `['10.0.0.0', '255.255.255.0']`. */
export function v4Mask(cidr: string): [string, string] {
    const [address, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return [address, [24, 16, 8, 0].map(s => (mask >>> s) & 255).join('.')];
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A service object of the object-based platforms: the protocol and ports it stands for, and the lines that define it. */
export interface ServiceObject {
    readonly protocol: string;
    readonly ports: PortSet;
    readonly lines: readonly string[];
}

/**
 * Orders service objects by what they are (protocol, then ports, lowest first), never by which
 * rule used them first: a rule added to the plan leaves every other object where it stands.
 */
export function compareServices(a: Omit<ServiceObject, 'lines'>, b: Omit<ServiceObject, 'lines'>): number {
    if (a.protocol !== b.protocol) return compareText(a.protocol, b.protocol);
    for (let i = 0; i < Math.min(a.ports.length, b.ports.length); i++) {
        const x = a.ports[i], y = b.ports[i];
        if (x.from !== y.from) return x.from - y.from;
        if (x.to !== y.to) return x.to - y.to;
    }
    return a.ports.length - b.ports.length;
}
