h/*
  Multi-line comment
*/
