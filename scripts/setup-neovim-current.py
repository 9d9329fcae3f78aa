#!/usr/bin/env python3
"""The newest Neovim release Debian ships (unstable's `neovim`), for the Neovim tests beside
Debian stable's own: the package and every library it depends on, its own C library included,
are unpacked into .vscode-test/nvim-current (nothing is installed system-wide) and started by that
C library's loader through the `nvim` script written there. Each download is checked against the
SHA-256 the signed index gives. Idempotent: a working copy is kept.

usage: python3 scripts/setup-neovim-current.py   (DEBIAN_MIRROR overrides http://deb.debian.org/debian)
"""
import hashlib, lzma, os, re, shutil, subprocess, sys, urllib.request

MIRROR = os.environ.get('DEBIAN_MIRROR', 'http://deb.debian.org/debian').rstrip('/')
DEST = os.path.abspath('.vscode-test/nvim-current')
ROOT = os.path.join(DEST, 'root')
WRAPPER = os.path.join(DEST, 'nvim')
LIB = os.path.join(ROOT, 'usr/lib/x86_64-linux-gnu')


def works():
    try:
        return subprocess.run([WRAPPER, '--version'], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def fetch(url):
    with urllib.request.urlopen(url, timeout=120) as r:
        return r.read()


def index():
    text = lzma.decompress(fetch(f'{MIRROR}/dists/unstable/main/binary-amd64/Packages.xz')).decode()
    packages, provided = {}, {}
    for block in text.split('\n\n'):
        fields = dict(re.findall(r'^([\w-]+): (.*)$', block, re.M))
        if 'Package' not in fields:
            continue
        packages.setdefault(fields['Package'], fields)
        for p in fields.get('Provides', '').split(','):
            if p.strip():
                provided.setdefault(p.split('(')[0].strip(), fields['Package'])
    return packages, provided


def closure(packages, provided, start):
    seen, todo = [], [start]
    while todo:
        name = todo.pop()
        name = name if name in packages else provided.get(name, name)
        if name in seen:
            continue
        if name not in packages:
            sys.exit(f'setup-neovim-current: {name} is not in Debian unstable')
        seen.append(name)
        for field in ('Pre-Depends', 'Depends'):
            for dep in packages[name].get(field, '').split(','):
                first = dep.split('|')[0].split('(')[0].strip().split(':')[0]
                if first:
                    todo.append(first)
    return seen


def main():
    if os.uname().machine != 'x86_64':
        sys.exit('setup-neovim-current: only x86_64 is supported')
    if works():
        return
    packages, provided = index()
    shutil.rmtree(DEST, ignore_errors=True)
    os.makedirs(ROOT)
    names = closure(packages, provided, 'neovim')
    for name in names:
        fields = packages[name]
        data = fetch(f"{MIRROR}/{fields['Filename']}")
        if hashlib.sha256(data).hexdigest() != fields['SHA256']:
            sys.exit(f'setup-neovim-current: {name}: the download does not match the index')
        deb = os.path.join(DEST, os.path.basename(fields['Filename']))
        with open(deb, 'wb') as f:
            f.write(data)
        subprocess.run(['dpkg-deb', '-x', deb, ROOT], check=True)
        os.remove(deb)
    with open(WRAPPER, 'w') as f:
        f.write(f'''#!/bin/sh
# Neovim {packages['neovim']['Version']} from Debian unstable, run by its own C library's loader.
export VIMRUNTIME="{ROOT}/usr/share/nvim/runtime"
export LUA_CPATH="{LIB}/lua/5.1/?.so;;"
# Its tree-sitter parsers (markdown draws the hover) are where Debian's build looks: /usr/lib/nvim.
exec "{LIB}/ld-linux-x86-64.so.2" --library-path "{LIB}" "{ROOT}/usr/bin/nvim" --cmd "set runtimepath+={ROOT}/usr/lib/nvim" "$@"
''')
    os.chmod(WRAPPER, 0o755)
    if not works():
        sys.exit('setup-neovim-current: the unpacked Neovim does not start')
    print(f"setup-neovim-current: Neovim {packages['neovim']['Version']} in {DEST} ({len(names)} packages)")


main()
