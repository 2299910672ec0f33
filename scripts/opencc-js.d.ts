declare module 'opencc-js/dict/TSCharacters' {
  /** OpenCC's Traditional → Simplified character table: "繁 简|…". */
  const table: string;
  export default table;
}
