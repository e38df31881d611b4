import { TYPES_WITHOUT_CURRENT_TITLE, type DeclarationType } from './titles';
import { SECTION_LABELS, type SectionData, type SectionKey } from './sections';

/**
 * What a declaration's sections must hold across sections, checked at submit (each section's own
 * schema in ./sections.ts is checked when it is saved), and the files they refer to.
 */
/** Every file id a section refers to, with the field path, to check they belong to the declaration. */
export function fileRefs(data: unknown, base: string): Array<{ path: string; id: number }> {
  const out: Array<{ path: string; id: number }> = [];
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}.${i}`));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if ((k === 'fileIds' && Array.isArray(x)) || ((k === 'fileId' || k === 'photoFileId') && typeof x === 'number')) {
          (Array.isArray(x) ? x : [x]).forEach((id, i) => out.push({ path: Array.isArray(x) ? `${path}.${k}.${i}` : `${path}.${k}`, id: id as number }));
        } else walk(x, `${path}.${k}`);
      }
    }
  };
  walk(data, base);
  return out;
}

export interface Missing {
  path: string;
  message: string;
  code: string;
}

/**
 * What still stops a submit: required sections, the series' required base materials, and what the
 * declaration type needs. Each problem names the field at fault.
 */
export function missingForSubmit(
  sections: Partial<Record<SectionKey, unknown>>,
  required: Array<{ key: string; name: string; required: boolean }>,
  declType: DeclarationType,
): Missing[] {
  const out: Missing[] = [];
  const need = (key: SectionKey) => {
    if (sections[key] === undefined) out.push({ path: `sections.${key}`, code: 'section_missing', message: `${SECTION_LABELS[key]} is not filled in` });
    return sections[key] !== undefined;
  };
  need('basicInfo');
  need('currentStatus');
  need('supplementary');
  if (need('declarationInfo')) {
    const info = sections.declarationInfo as SectionData<'declarationInfo'>;
    if (declType === 'exceptional' && !info.exceptionalConditions) {
      out.push({ path: 'sections.declarationInfo.exceptionalConditions', code: 'exceptional_conditions_missing', message: '破格申报 needs the 破格条件' });
    }
    if (declType === 'transfer' && !info.transferFrom) {
      out.push({ path: 'sections.declarationInfo.transferFrom', code: 'transfer_from_missing', message: '转评 needs the title held in the other series' });
    }
  }
  if (need('education') && (sections.education as SectionData<'education'>).items.length === 0) {
    out.push({ path: 'sections.education.items', code: 'section_empty', message: 'At least one education entry' });
  }
  if (need('workHistory') && (sections.workHistory as SectionData<'workHistory'>).items.length === 0) {
    out.push({ path: 'sections.workHistory.items', code: 'section_empty', message: 'At least one work history entry' });
  }
  if (!TYPES_WITHOUT_CURRENT_TITLE.includes(declType)) need('currentTitleCert');
  if (need('workExperience') && (sections.workExperience as SectionData<'workExperience'>).appraisals.length === 0) {
    out.push({ path: 'sections.workExperience.appraisals', code: 'section_empty', message: 'The annual appraisals since the current title' });
  }
  need('workSummary');
  const have = new Set(((sections.baseMaterials as SectionData<'baseMaterials'> | undefined)?.materials ?? []).map((m) => m.key));
  for (const m of required) {
    if (m.required && !have.has(m.key)) {
      out.push({ path: `sections.baseMaterials.materials.${m.key}`, code: 'material_missing', message: `${m.name} is required` });
    }
  }
  return out;
}
