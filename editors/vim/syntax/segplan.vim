" Vim/Neovim syntax for SegPlan plans (.segplan): colouring without the language server's
" semantic tokens, for Vim and for Neovim versions that do not use them (0.7–0.8).
if exists('b:current_syntax')
  finish
endif

" A '.' is part of a word, so that no label of a host name (`zone.corp.local`) is taken for a keyword.
syn iskeyword @,48-57,_,192-255,.
syn keyword segplanKeyword plan import zone site pair use set allow vendor component flow feature port platform
syn keyword segplanKeyword in at os on is about aliases abstract except for when scope source row per zones
syn keyword segplanKeyword require document publisher edition url seed
syn keyword segplanModifier internet nat behind until any
syn keyword segplanProtocol tcp udp
syn keyword segplanValue windows linux esxi appliance host peer
syn keyword segplanCondition install-only legacy internet-facing host-internal not-required default-changeable
syn match segplanArrow '<\?->'
" A host name: labels against dots, whatever words they spell; a type, an address or a date defined later wins.
syn match segplanHost '\<\w\%([[:alnum:]_-]*\w\)\?\%(\.\w\%([[:alnum:]_-]*\w\)\?\)\+\>'
syn match segplanType '\<\h\w*\.\u\w*\>'
" Ports first: an address or a date starting at the same place is defined later and wins.
syn match segplanPort '\<\d\{1,5}\%(-\d\{1,5}\|+\)\?\>'
syn match segplanAddress '\<\d\{1,3}\%(\.\d\{1,3}\)\{3}\%(/\d\{1,2}\|-\d\{1,3}\%(\.\d\{1,3}\)\{3}\)\?\>'
syn match segplanAddress '\<\x\{0,4}:[0-9A-Fa-f:]*\%(/\d\{1,3}\)\?'
syn match segplanDate '\<\d\{4}-\d\{2}-\d\{2}\>'
syn region segplanString start='"' skip='\\"' end='"' oneline
syn match segplanIgnore '\<segplan-ignore\>' contained
syn match segplanComment '//.*$' contains=segplanIgnore
syn region segplanComment start='/\*' end='\*/' contains=segplanIgnore

hi def link segplanKeyword Keyword
hi def link segplanModifier StorageClass
hi def link segplanProtocol Type
hi def link segplanValue Constant
hi def link segplanCondition PreProc
hi def link segplanArrow Operator
hi def link segplanType Structure
hi def link segplanHost String
hi def link segplanAddress Number
hi def link segplanDate Number
hi def link segplanPort Number
hi def link segplanString String
hi def link segplanComment Comment
hi def link segplanIgnore Todo

let b:current_syntax = 'segplan'
