/**
 * The national title catalogue as reference data (人社部 series and their 资格名称), with common
 * specialties. Loaded once by migration 0104; the province office edits it through the API after.
 * Frozen here: a later change to the catalogue is a new migration, never an edit of this file.
 */
type L = 'zhenggao' | 'fugao' | 'zhongji' | 'zhuli' | 'yuan';

export interface SeriesData {
  code: string;
  name: string;
  qualifications: Partial<Record<L, string[]>>;
  specialties: Array<[code: string, name: string]>;
  /** Base materials beyond the common ones. */
  materials?: Array<[key: string, name: string, required: boolean]>;
}

export const COMMON_MATERIALS: Array<[key: string, name: string, required: boolean]> = [
  ['evaluation_form', '专业技术职务任职资格评审表', true],
  ['appointment_proof', '专业技术职务聘用证明', true],
  ['annual_appraisal', '近五年年度考核登记表', true],
  ['integrity_pledge', '诚信承诺书', true],
  ['continuing_education', '继续教育证明', false],
  ['social_security', '外省社会保险证明', false],
];

export const SERIES: SeriesData[] = [
  {
    code: 'gaoxiao',
    name: '高校教师',
    qualifications: { zhenggao: ['教授'], fugao: ['副教授'], zhongji: ['讲师'], zhuli: ['助教'] },
    specialties: [
      ['01', '哲学'], ['02', '经济学'], ['03', '法学'], ['04', '教育学'], ['05', '文学'], ['06', '历史学'],
      ['07', '理学'], ['08', '工学'], ['09', '农学'], ['10', '医学'], ['12', '管理学'], ['13', '艺术学'],
    ],
    materials: [['teacher_licence', '高校教师资格证书', true], ['teaching_assessment', '教学工作考核表', true]],
  },
  {
    code: 'zhongxiaoxue',
    name: '中小学教师',
    qualifications: { zhenggao: ['正高级教师'], fugao: ['高级教师'], zhongji: ['一级教师'], zhuli: ['二级教师'], yuan: ['三级教师'] },
    specialties: [
      ['yuwen', '语文'], ['shuxue', '数学'], ['yingyu', '英语'], ['wuli', '物理'], ['huaxue', '化学'], ['shengwu', '生物'],
      ['lishi', '历史'], ['dili', '地理'], ['zhengzhi', '思想政治'], ['yinyue', '音乐'], ['tiyu', '体育与健康'],
      ['meishu', '美术'], ['xinxi', '信息技术'],
    ],
    materials: [['teacher_licence', '教师资格证书', true], ['grassroots_proof', '农村或薄弱学校任教证明', false]],
  },
  {
    code: 'weisheng',
    name: '卫生',
    qualifications: {
      zhenggao: ['主任医师', '主任药师', '主任护师', '主任技师'],
      fugao: ['副主任医师', '副主任药师', '副主任护师', '副主任技师'],
      zhongji: ['主治医师', '主管药师', '主管护师', '主管技师'],
      zhuli: ['医师', '药师', '护师', '技师'],
      yuan: ['医士', '药士', '护士', '技士'],
    },
    specialties: [
      ['neike', '内科学'], ['waike', '外科学'], ['fuchan', '妇产科学'], ['erke', '儿科学'], ['mazui', '麻醉学'],
      ['jizhen', '急诊医学'], ['quanke', '全科医学'], ['huli', '护理学'], ['yaoxue', '药学'], ['jianyan', '临床医学检验'],
      ['fangshe', '放射医学'], ['zhongyi', '中医内科学'],
    ],
    materials: [['medical_ethics', '医德医风考核表', true], ['practice_licence', '执业证书', true]],
  },
  {
    code: 'gongcheng',
    name: '工程',
    qualifications: { zhenggao: ['正高级工程师'], fugao: ['高级工程师'], zhongji: ['工程师'], zhuli: ['助理工程师'], yuan: ['技术员'] },
    specialties: [
      ['jianzhu', '建筑工程'], ['tumu', '土木工程'], ['jixie', '机械工程'], ['dianqi', '电气工程'], ['ruanjian', '计算机与软件'],
      ['huagong', '化学工程'], ['jiaotong', '交通运输工程'], ['shuili', '水利工程'], ['huanjing', '环境工程'],
    ],
  },
  {
    code: 'jingji',
    name: '经济',
    qualifications: { zhenggao: ['正高级经济师'], fugao: ['高级经济师'], zhongji: ['经济师'], zhuli: ['助理经济师'] },
    specialties: [['gongshang', '工商管理'], ['jinrong', '金融'], ['caishui', '财政税收'], ['renli', '人力资源管理'], ['zhishi', '知识产权'], ['yunshu', '运输经济']],
  },
  {
    code: 'kuaiji',
    name: '会计',
    qualifications: { zhenggao: ['正高级会计师'], fugao: ['高级会计师'], zhongji: ['会计师'], zhuli: ['助理会计师'] },
    specialties: [['kuaiji', '会计']],
  },
  {
    code: 'shenji',
    name: '审计',
    qualifications: { zhenggao: ['正高级审计师'], fugao: ['高级审计师'], zhongji: ['审计师'], zhuli: ['助理审计师'] },
    specialties: [['shenji', '审计']],
  },
  {
    code: 'tongji',
    name: '统计',
    qualifications: { zhenggao: ['正高级统计师'], fugao: ['高级统计师'], zhongji: ['统计师'], zhuli: ['助理统计师'] },
    specialties: [['tongji', '统计']],
  },
  {
    code: 'nongye',
    name: '农业',
    qualifications: {
      zhenggao: ['正高级农艺师', '正高级畜牧师', '正高级兽医师'],
      fugao: ['高级农艺师', '高级畜牧师', '高级兽医师'],
      zhongji: ['农艺师', '畜牧师', '兽医师'],
      zhuli: ['助理农艺师', '助理畜牧师', '助理兽医师'],
      yuan: ['农业技术员'],
    },
    specialties: [['nongxue', '农学'], ['zhibao', '植物保护'], ['xumu', '畜牧'], ['shouyi', '兽医']],
  },
  {
    code: 'xinwen',
    name: '新闻',
    qualifications: { zhenggao: ['高级记者', '高级编辑'], fugao: ['主任记者', '主任编辑'], zhongji: ['记者', '编辑'], zhuli: ['助理记者', '助理编辑'] },
    specialties: [['caibian', '采编'], ['bianji', '编辑']],
    materials: [['press_card', '新闻记者证', false]],
  },
  {
    code: 'tushu',
    name: '图书资料',
    qualifications: { zhenggao: ['研究馆员'], fugao: ['副研究馆员'], zhongji: ['馆员'], zhuli: ['助理馆员'], yuan: ['管理员'] },
    specialties: [['tushu', '图书'], ['ziliao', '资料'], ['dangan', '档案']],
  },
  {
    code: 'keyan',
    name: '自然科学研究',
    qualifications: { zhenggao: ['研究员'], fugao: ['副研究员'], zhongji: ['助理研究员'], zhuli: ['研究实习员'] },
    specialties: [['shuli', '数理科学'], ['huaxue', '化学科学'], ['shengming', '生命科学'], ['dixue', '地球科学'], ['gongcheng', '工程与材料']],
  },
];

/** Default review paths (series '*'): seed 001 §6.6 — intermediate ends at the city office, senior at the province. */
export const DEFAULT_PATHS: Array<[level: L, route: string, endsAt: string]> = [
  ['zhenggao', 'review', 'province'],
  ['fugao', 'review', 'province'],
  ['zhongji', 'review', 'city'],
  ['zhuli', 'review', 'county'],
  ['yuan', 'review', 'county'],
  ['zhenggao', 'self', 'self_unit'],
  ['fugao', 'self', 'self_unit'],
  ['zhongji', 'self', 'self_unit'],
  ['zhuli', 'self', 'self_unit'],
  ['yuan', 'self', 'self_unit'],
  ['zhongji', 'recognition', 'city'],
  ['zhuli', 'recognition', 'county'],
  ['yuan', 'recognition', 'county'],
  ['zhuli', 'initial', 'county'],
  ['yuan', 'initial', 'employer'],
];
