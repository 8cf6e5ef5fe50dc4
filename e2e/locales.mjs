// What each language's pages should say, for tests that check words rather than structure.
export const LOCALES = {
  'en-US': {
    lang: 'en', comma: false, errorPrefix: /^Error:\s/, female: 'Female', yes: 'Yes', distance: /^\d+ miles?$/,
    notNumber: /Enter a number/, range: /between 0 and 120 years/, whole: /whole number/,
  },
  'ko-KR': {
    lang: 'ko', comma: false, errorPrefix: /^오류:\s/, female: '여성', yes: '예', distance: /^\d+km$/,
    notNumber: /숫자를 입력하세요/, range: /0에서 120 사이/, whole: /소수점 없는/,
  },
  'zh-CN': {
    lang: 'zh', comma: false, errorPrefix: /^错误：/, female: '女', yes: '是', distance: /^\d+ 公里$/,
    notNumber: /请输入数字/, range: /0到120/, whole: /整数/,
  },
  'fr-FR': {
    lang: 'fr', comma: true, errorPrefix: /^Erreur\s:\s/, female: 'Féminin', yes: 'Oui', distance: /^\d+ km$/,
    notNumber: /Saisissez un nombre/, range: /entre 0 et 120/, whole: /entier/,
  },
};
