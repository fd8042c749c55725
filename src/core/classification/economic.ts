// 部门预算支出经济分类 (economic classification), 类 level, and how 06表 groups them.

export const PERSONNEL_CLASSES = ['301', '303'] as const; // 人员经费
export const PUBLIC_CLASSES = ['302', '307', '309', '310', '311', '312', '313', '399'] as const; // 公用经费

export const ECONOMIC_CLASSES_NAMES: Readonly<Record<string, string>> = {
  '301': '工资福利支出',
  '302': '商品和服务支出',
  '303': '对个人和家庭的补助',
  '307': '债务利息及费用支出',
  '309': '资本性支出（基本建设）',
  '310': '资本性支出',
  '311': '对企业补助（基本建设）',
  '312': '对企业补助',
  '313': '对社会保障基金补助',
  '399': '其他支出',
};

/** 06表 items that 09表 (三公) draws on. */
export const THREE_PUBLIC_ITEMS = { outbound: '30212', reception: '30217', vehicleOperation: '30231' } as const;
