/**
 * A small ELF reader: what a program or shared library imports from other objects, read
 * from its dynamic symbol table, and how it was linked. Enough for the time_t audit, no
 * more: 32- and 64-bit, either byte order, section headers as Debian ships them. Pure.
 */

export interface ElfImports {
  bits: 32 | 64
  /** ET_EXEC or ET_DYN (a program, a PIE or a shared library). */
  type: 'exec' | 'dyn' | 'other'
  /** Has a PT_INTERP: a dynamically linked program. */
  interpreter: boolean
  /** DT_NEEDED entries. */
  needed: string[]
  /** Names of the undefined dynamic symbols: what it takes from other objects. */
  imports: string[]
  /**
   * The undefined dynamic symbols that are functions (STT_FUNC, STT_GNU_IFUNC) bound to a
   * version of glibc (GLIBC_x.y, from .gnu.version and .gnu.version_r): what it takes from
   * the C library, not a function of its own or of another library that shares a name.
   */
  glibcFunctions: string[]
  /** The Go toolchain built it (it reads the clock through its own runtime). */
  go: boolean
}

export class ElfError extends Error {}

const SHT_DYNSYM = 11
const SHT_DYNAMIC = 6
const SHT_GNU_VERNEED = 0x6ffffffe
const SHT_GNU_VERSYM = 0x6fffffff
const STT_FUNC = 2
const STT_GNU_IFUNC = 10
const PT_INTERP = 3
const DT_NEEDED = 1

export function isElf(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46
}

interface Section {
  name: number
  type: number
  offset: number
  size: number
  link: number
  entsize: number
}

export function readElfImports(data: Buffer): ElfImports {
  if (!isElf(data)) throw new ElfError('not an ELF file')
  if (data.length < 52) throw new ElfError('truncated ELF header')
  const bits = data[4] === 1 ? 32 : data[4] === 2 ? 64 : undefined
  const little = data[5] === 1 ? true : data[5] === 2 ? false : undefined
  if (bits === undefined || little === undefined) throw new ElfError('unknown ELF class or byte order')
  if (bits === 64 && data.length < 64) throw new ElfError('truncated ELF header')

  const need = (offset: number, size: number, what: string): void => {
    if (offset < 0 || size < 0 || offset + size > data.length) throw new ElfError(`truncated ELF: ${what} past the end`)
  }
  const u16 = (at: number) => (little ? data.readUInt16LE(at) : data.readUInt16BE(at))
  const u32 = (at: number) => (little ? data.readUInt32LE(at) : data.readUInt32BE(at))
  const addr = (at: number): number => {
    if (bits === 32) return u32(at)
    const value = little ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at)
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError('ELF offset out of range')
    return Number(value)
  }

  const eType = u16(16)
  const type = eType === 2 ? 'exec' : eType === 3 ? 'dyn' : 'other'
  const [phoff, shoff] = bits === 32 ? [u32(28), u32(32)] : [addr(32), addr(40)]
  const [phentsize, phnum, shentsize, shnum, shstrndx] =
    bits === 32 ? [u16(42), u16(44), u16(46), u16(48), u16(50)] : [u16(54), u16(56), u16(58), u16(60), u16(62)]

  let interpreter = false
  if (phnum > 0) {
    need(phoff, phentsize * phnum, 'program headers')
    for (let i = 0; i < phnum; i++) if (u32(phoff + i * phentsize) === PT_INTERP) interpreter = true
  }

  if (shnum === 0) throw new ElfError('no section headers')
  need(shoff, shentsize * shnum, 'section headers')
  const sections: Section[] = []
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * shentsize
    sections.push(
      bits === 32
        ? {
            name: u32(at),
            type: u32(at + 4),
            offset: u32(at + 16),
            size: u32(at + 20),
            link: u32(at + 24),
            entsize: u32(at + 36),
          }
        : {
            name: u32(at),
            type: u32(at + 4),
            offset: addr(at + 24),
            size: addr(at + 32),
            link: u32(at + 40),
            entsize: addr(at + 56),
          },
    )
  }
  const stringAt = (table: Section | undefined, offset: number): string => {
    if (!table) throw new ElfError('a string table is missing')
    need(table.offset, table.size, 'a string table')
    if (offset >= table.size) throw new ElfError('a name past its string table')
    const start = table.offset + offset
    const end = data.indexOf(0, start)
    if (end < 0 || end > table.offset + table.size) throw new ElfError('an unterminated name')
    return data.toString('latin1', start, end)
  }
  const names = sections[shstrndx]
  const sectionName = (s: Section): string => (names ? stringAt(names, s.name) : '')
  const go = sections.some((s) => ['.go.buildinfo', '.note.go.buildid', '.gopclntab'].includes(sectionName(s)))

  // Version indexes (vna_other) of the versions this file needs, and their names.
  const versionNames = new Map<number, string>()
  const verneed = sections.find((s) => s.type === SHT_GNU_VERNEED)
  if (verneed) {
    need(verneed.offset, verneed.size, 'the version needs')
    const strtab = sections[verneed.link]
    for (let at = verneed.offset, guard = 0; guard < 1000; guard++) {
      need(at, 16, 'a version need')
      const [count, auxOffset, next] = [u16(at + 2), u32(at + 8), u32(at + 12)]
      for (let aux = at + auxOffset, i = 0; i < count; i++) {
        need(aux, 16, 'a version need entry')
        versionNames.set(u16(aux + 6), stringAt(strtab, u32(aux + 8)))
        const nextAux = u32(aux + 12)
        if (nextAux === 0) break
        aux += nextAux
      }
      if (next === 0) break
      at += next
    }
  }
  const versym = sections.find((s) => s.type === SHT_GNU_VERSYM)

  const imports: string[] = []
  const glibcFunctions: string[] = []
  const dynsym = sections.find((s) => s.type === SHT_DYNSYM)
  if (dynsym) {
    const entsize = dynsym.entsize || (bits === 32 ? 16 : 24)
    need(dynsym.offset, dynsym.size, 'the dynamic symbol table')
    if (versym) need(versym.offset, versym.size, 'the symbol versions')
    const strtab = sections[dynsym.link]
    for (
      let at = dynsym.offset + entsize, index = 1;
      at + entsize <= dynsym.offset + dynsym.size;
      at += entsize, index++
    ) {
      const shndx = bits === 32 ? u16(at + 14) : u16(at + 6)
      if (shndx !== 0) continue
      const name = stringAt(strtab, u32(at))
      if (!name) continue
      imports.push(name)
      const kind = data[bits === 32 ? at + 12 : at + 4]! & 0xf
      const versionAt = versym ? versym.offset + index * 2 : -1
      const version =
        versym && versionAt + 2 <= versym.offset + versym.size ? versionNames.get(u16(versionAt) & 0x7fff) : undefined
      if ((kind === STT_FUNC || kind === STT_GNU_IFUNC) && version?.startsWith('GLIBC_')) glibcFunctions.push(name)
    }
  }

  const needed: string[] = []
  const dynamic = sections.find((s) => s.type === SHT_DYNAMIC)
  if (dynamic) {
    const entsize = dynamic.entsize || (bits === 32 ? 8 : 16)
    need(dynamic.offset, dynamic.size, 'the dynamic section')
    for (let at = dynamic.offset; at + entsize <= dynamic.offset + dynamic.size; at += entsize) {
      const tag = bits === 32 ? u32(at) : addr(at)
      if (tag === 0) break
      if (tag === DT_NEEDED) needed.push(stringAt(sections[dynamic.link], bits === 32 ? u32(at + 4) : addr(at + 8)))
    }
  }
  return {
    bits,
    type,
    interpreter,
    needed,
    imports: [...new Set(imports)].sort(),
    glibcFunctions: [...new Set(glibcFunctions)].sort(),
    go,
  }
}
